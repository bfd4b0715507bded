//! No N+1 queries: the pages and exports whose size grows with the data run the same number of
//! SQL statements for a small meeting as for one several times larger (the server counts the
//! statements it runs for requests). The timings at three sizes are in the scale benchmark
//! (`cargo bench -p server --bench scale`, docs/BENCHMARKS.md).

use crate::helpers::*;
use app::domain::Role;
use reqwest::StatusCode;

/// Statements run by one GET (after a first, warming one). Both carry a query parameter of
/// their own, so neither is answered from the page cache: what is counted is the page made.
async fn statements(app: &TestApp, s: &Session, path: &str) -> u64 {
    let sep = if path.contains('?') { '&' } else { '?' };
    let res = s.get(&format!("{path}{sep}warm=1")).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let before = app.queries();
    let res = s.get(&format!("{path}{sep}measured=1")).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let _ = res.bytes().await;
    app.queries() - before
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statements_per_request_do_not_grow_with_the_data() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let public = app.client();
    let actor = server::benchdata::account(&app.db).await.unwrap();
    let start = chrono::Utc::now().date_naive() + chrono::Duration::days(60);
    let small = server::benchdata::conference(&app.db, &actor, start, 6, 10, &app.base).await.unwrap();
    let large = server::benchdata::conference(&app.db, &actor, start + chrono::Duration::days(7), 45, 60, &app.base).await.unwrap();
    let plan_small = server::benchdata::plan_of_action(&app.db, &actor, 3, 2).await.unwrap();
    let plan_large = server::benchdata::plan_of_action(&app.db, &actor, 24, 4).await.unwrap();
    let mut grew = Vec::new();
    let pages: [(&Session, &str, i32, i32); 12] = [
        (&public, "/meetings/{}/agenda", small, large),
        (&public, "/meetings/{}/calendar.ics", small, large),
        (&public, "/meetings/{}/register", small, large),
        (&public, "/meetings/{}/participants", small, large),
        (&sec, "/meetings/{}/registrations", small, large),
        (&sec, "/meetings/{}/registrations.csv", small, large),
        (&sec, "/meetings/{}/badges", small, large),
        (&sec, "/meetings/{}/agenda/edit", small, large),
        (&public, "/meetings/{}/plan", plan_small, plan_large),
        (&public, "/meetings/{}/plan/dashboard", plan_small, plan_large),
        (&public, "/meetings/{}/plan/countries/TZ", plan_small, plan_large),
        (&public, "/meetings/{}/plan/matrix.csv", plan_small, plan_large),
    ];
    for (s, pattern, a, b) in pages {
        let (pa, pb) = (pattern.replace("{}", &a.to_string()), pattern.replace("{}", &b.to_string()));
        let (qa, qb) = (statements(&app, s, &pa).await, statements(&app, s, &pb).await);
        eprintln!("{pattern}: {qa} statements small, {qb} large");
        if qa != qb {
            grew.push(format!("{pattern}: {qa} statements for the small one, {qb} for the large one"));
        }
    }
    assert!(grew.is_empty(), "statements per request grew with the data:\n{}", grew.join("\n"));
}
