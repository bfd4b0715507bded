//! Plan of Action over HTTP: who may call each server function and route (anonymous 401,
//! delegate / focal point 403 for the secretariat's; a focal point only for their own country),
//! the import's JSON and browser answers, exports and their access.

use crate::helpers::*;
use app::domain::Role;
use app::ssr::entities::{plan, plan_theme, progress_report, recommendation, reporting_cycle};
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use reqwest::{Response, StatusCode};

const CSV: &str = "code,theme,level,states,bodies,text_en\nR1,labour,national,ALL,,Adopt labour migration policies.\nR2,data,regional,\"TZ, MZ\",SADC,Publish a data portal.\n";

async fn import(s: &Session, meeting: i32, csv: &str, json: bool) -> Response {
    let boundary = "----midsa-plan-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    s.client
        .post(format!("{}/meetings/{meeting}/plan/import", s.base))
        .header(CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(ACCEPT, if json { "application/json" } else { "text/html" })
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn snapshot(app: &TestApp) -> [u64; 5] {
    [
        app.count(plan::Entity).await,
        app.count(recommendation::Entity).await,
        app.count(reporting_cycle::Entity).await,
        app.count(progress_report::Entity).await,
        app.count(plan_theme::Entity).await,
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_import_exports_and_access() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let delegate = app.signed_in("delegate@x.org", Role::Delegate, None).await;
    let tz = app.signed_in("fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let mz = app.signed_in("fp@gov.mz", Role::FocalPoint, Some("MZ")).await;
    let anonymous = app.client();
    let m = create_meeting(&sec, "Plan meeting").await;
    assert_eq!(
        sec.post("/api/meetings/status", &[("id", &m.to_string()), ("version", "1"), ("to", "announced")]).await.status(),
        StatusCode::OK
    );

    // Import: secretariat only; a bad file is a 422 listing rows, or a redirect with the report.
    assert_eq!(import(&anonymous, m, CSV, true).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(import(&tz, m, CSV, true).await.status(), StatusCode::FORBIDDEN);
    let bad = CSV.replace("R2,", "R1,");
    let fields = error_fields(import(&sec, m, &bad, true).await).await;
    assert_eq!(fields, ["row3.code"]);
    let res = import(&sec, m, &bad, false).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with(&format!("/meetings/{m}/plan?import_errors=")) && location.contains("duplicate_code"), "{location}");
    assert_eq!(app.count(recommendation::Entity).await, 0);
    let res = import(&sec, m, CSV, true).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["imported"], 2);
    let page = sec.get(&format!("/meetings/{m}/plan?imported=2")).await.text().await.unwrap();
    assert!(page.contains("2 recommendations imported.") && page.contains("Adopt labour migration policies."));

    // A draft plan is the secretariat's: the public sees no recommendation, and no export.
    let public = anonymous.get(&format!("/meetings/{m}/plan")).await;
    assert_eq!(public.status(), StatusCode::OK);
    assert!(!public.text().await.unwrap().contains("Adopt labour migration policies."));
    assert_eq!(anonymous.get(&format!("/meetings/{m}/plan.csv")).await.status(), StatusCode::NOT_FOUND);
    let csv = sec.get(&format!("/meetings/{m}/plan.csv")).await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.text().await.unwrap().contains("\"R2\",\"\",\"data\",\"regional\",\"MZ,TZ\",\"SADC\""));
    let template = anonymous.get("/plan-template.xlsx").await;
    assert_eq!(template.status(), StatusCode::OK);
    assert_eq!(&template.bytes().await.unwrap()[..2], b"PK");

    // Adopt and open a cycle (the secretariat's functions, refused to everyone else).
    let plan_version = |app: &TestApp| {
        let db = app.db.clone();
        async move { app::features::plan::service::find_plan(&db, m).await.unwrap().unwrap().version.to_string() }
    };
    let adopt = vec![
        ("meeting_id", m.to_string()),
        ("version", plan_version(&app).await),
        ("step", "adopt".into()),
        ("adopted_on", "2026-11-20".into()),
    ];
    let ids: Vec<i32> = app::features::plan::service::recommendations_of(&app.db, m).await.unwrap().iter().map(|r| r.id).collect();
    let today = chrono::Utc::now().date_naive();
    let calls: Vec<Call> = vec![
        (
            "/api/plan/recommendation",
            vec![
                ("meeting_id", m.to_string()),
                ("code", "R9".into()),
                ("text", "x".into()),
                ("theme", "data".into()),
                ("level", "national".into()),
                ("states", "ALL".into()),
            ],
            true,
        ),
        ("/api/plan/recommendation_delete", vec![("recommendation_id", ids[1].to_string())], false),
        ("/api/plan/theme", vec![("code", "climate".into()), ("name_en", "Climate and migration".into())], true),
        ("/api/plan/step", adopt.clone(), true),
        (
            "/api/cycles/open",
            vec![
                ("meeting_id", m.to_string()),
                ("title", "2027".into()),
                ("opens_on", today.to_string()),
                ("due_on", (today + chrono::Duration::days(30)).to_string()),
            ],
            true,
        ),
    ];
    let before = snapshot(&app).await;
    for (path, fields, wrapped) in &calls {
        for (who, s, expected) in [
            ("anonymous", &anonymous, StatusCode::UNAUTHORIZED),
            ("delegate", &delegate, StatusCode::FORBIDDEN),
            ("focal point", &tz, StatusCode::FORBIDDEN),
        ] {
            assert_eq!(call(s, path, fields, *wrapped).await.status(), expected, "{who} calling {path}");
        }
    }
    assert_eq!(snapshot(&app).await, before, "refused calls changed nothing");
    for (path, fields, wrapped) in &calls[2..] {
        let res = call(&sec, path, fields, *wrapped).await;
        assert_eq!(res.status(), StatusCode::OK, "secretariat calling {path}: {}", res.text().await.unwrap());
    }
    let cycle = app::features::reports::service::cycle_sizes(&app.db, &[1]).await.unwrap();
    assert_eq!(cycle.get(&1), Some(&2));

    // Reports: the focal point's own country only; the delegate and the public are refused.
    let report = |rec: i32| {
        vec![
            ("cycle_id", "1".to_string()),
            ("recommendation_id", rec.to_string()),
            ("status", "in_progress".into()),
            ("percent", "40".into()),
            ("narrative", "Drafted.".into()),
            ("submit", "on".into()),
        ]
    };
    assert_eq!(call(&anonymous, "/api/reports/save", &report(ids[0]), true).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(call(&delegate, "/api/reports/save", &report(ids[0]), true).await.status(), StatusCode::FORBIDDEN);
    let res = call(&tz, "/api/reports/save", &report(ids[0]), true).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<String>().await.unwrap(), "submitted");
    let get =
        |reporter: &str| vec![("cycle_id", "1".to_string()), ("recommendation_id", ids[0].to_string()), ("reporter", reporter.to_string())];
    assert_eq!(call(&mz, "/api/reports/get", &get("TZ"), false).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(call(&anonymous, "/api/reports/get", &get("TZ"), false).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(call(&tz, "/api/reports/get", &get("TZ"), false).await.status(), StatusCode::OK);
    assert_eq!(delegate.get("/cycles/1").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(anonymous.get("/cycles/1").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(mz.get(&format!("/cycles/1/reports/{}/TZ", ids[0])).await.status(), StatusCode::FORBIDDEN);
    let report_id = app::features::reports::service::cycle_page(
        &app.db,
        Some(&app::features::auth::types::CurrentUser {
            id: 0,
            email: String::new(),
            display_name: String::new(),
            role: Role::Secretariat,
            country: None,
            locale: app::domain::Lang::En,
            body: None,
        }),
        1,
        app::domain::Lang::En,
        chrono::Utc::now(),
    )
    .await
    .unwrap()
    .due
    .iter()
    .find_map(|d| d.awaiting_review)
    .unwrap();
    let review = vec![("report_id", report_id.to_string()), ("decision", "validate".to_string()), ("comment", String::new())];
    for (s, expected) in [(&anonymous, StatusCode::UNAUTHORIZED), (&tz, StatusCode::FORBIDDEN), (&delegate, StatusCode::FORBIDDEN)] {
        assert_eq!(call(s, "/api/reports/review", &review, true).await.status(), expected);
    }
    assert_eq!(call(&sec, "/api/reports/review", &review, true).await.status(), StatusCode::OK);

    // Exports: the matrix is the secretariat's and focal points' until published; a cycle's
    // reports are the secretariat's.
    assert_eq!(anonymous.get(&format!("/meetings/{m}/plan/matrix.csv")).await.status(), StatusCode::NOT_FOUND);
    let matrix = mz.get(&format!("/meetings/{m}/plan/matrix.csv")).await;
    assert_eq!(matrix.status(), StatusCode::OK);
    assert!(matrix.text().await.unwrap().contains("\"in_progress 40%\""));
    // The dashboard's matrix is in its page's HTML (pages carry no hydration data).
    let dashboard = mz.get(&format!("/meetings/{m}/plan/dashboard")).await.text().await.unwrap();
    assert!(dashboard.contains(&format!("/meetings/{m}/plan#rec-{}", ids[0])), "{dashboard}");
    assert!(!dashboard.contains("recommendation_id"), "{dashboard}");
    // A filter edited by hand to a theme or level that does not exist: refused, and said so.
    assert_eq!(mz.get(&format!("/meetings/{m}/plan/matrix.csv?theme=no-such")).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = mz.get(&format!("/meetings/{m}/plan/dashboard?level=planetary")).await;
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.text().await.unwrap().contains("level: "), "the refused parameter is named");
    assert_eq!(anonymous.get("/cycles/1/reports.xlsx").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(tz.get("/cycles/1/reports.xlsx").await.status(), StatusCode::FORBIDDEN);
    let xlsx = sec.get("/cycles/1/reports.csv").await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.text().await.unwrap().contains("\"R1\",\"TZ\",\"1\",\"validated\",\"in_progress\",\"40\""));
    for (s, expected) in [(&anonymous, StatusCode::UNAUTHORIZED), (&tz, StatusCode::FORBIDDEN)] {
        assert_eq!(s.get("/cycles/1/consolidated").await.status(), expected);
    }
    assert_eq!(sec.get("/cycles/1/consolidated").await.status(), StatusCode::OK);

    // Evidence files: on the focal point's own draft, by multipart upload; downloads follow the
    // version's access (a draft's file: its reporter only).
    let upload = |s: &Session, rec: i32, name: &str, bytes: &[u8], json: bool| {
        let boundary = "----midsa-evidence-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        s.client
            .post(format!("{}/cycles/1/reports/{rec}/files", s.base))
            .header(CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(ACCEPT, if json { "application/json" } else { "text/html" })
            .body(body)
            .send()
    };
    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    let mut draft = report(ids[1]);
    draft.pop();
    assert_eq!(call(&tz, "/api/reports/save", &draft, true).await.status(), StatusCode::OK);
    assert_eq!(upload(&anonymous, ids[1], "a.pdf", PDF, true).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(upload(&delegate, ids[1], "a.pdf", PDF, true).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(error_fields(upload(&mz, ids[1], "a.pdf", PDF, true).await.unwrap()).await, ["file"], "Mozambique has no draft");
    let res = upload(&tz, ids[1], "a.pdf", b"<html>", false).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()[LOCATION].to_str().unwrap().contains(&format!("/cycles/1/reports/{}/TZ?file_error=", ids[1])));
    let res = upload(&tz, ids[1], "Cabinet decision.pdf", PDF, true).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let fid = res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    let path = format!("/report-files/{fid}/Cabinet%20decision.pdf");
    let got = tz.get(&path).await;
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(got.headers()["x-content-type-options"], "nosniff");
    assert_eq!(got.bytes().await.unwrap().as_ref(), PDF);
    for s in [&sec, &mz, &anonymous] {
        assert_eq!(s.get(&path).await.status(), StatusCode::NOT_FOUND);
    }
    let page = tz.get(&format!("/cycles/1/reports/{}/TZ", ids[1])).await.text().await.unwrap();
    assert!(page.contains("Cabinet decision.pdf"), "listed on the report page");
}

/// The per-country view shows every recommendation in its summary table, and their texts and
/// report histories twenty to a page, so a long plan stays light on a slow connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_per_country_view_is_paged() {
    let app = spawn_app().await;
    let actor = server::benchdata::account(&app.db).await.unwrap();
    // 45 recommendations, every one for every member state.
    let m = server::benchdata::plan_of_action(&app.db, &actor, 45, 2).await.unwrap();
    let public = app.client();
    let base = format!("/meetings/{m}/plan/countries/MZ");
    let articles = |html: &str| html.matches("<article ").count();

    let first = public.get(&base).await;
    assert_eq!(first.status(), StatusCode::OK);
    let html = first.text().await.unwrap();
    assert_eq!(articles(&html), 20, "twenty recommendations in full on the first page");
    assert!(html.contains("Page 1 of 3"), "the reader is told where they are");
    assert!(html.contains("<span aria-current=\"page\">1"), "the current page is marked, not a link");
    assert!(html.contains(&format!("href=\"{base}?page=3\"")), "every page is a plain link");
    // The summary lists all 45; a row of another page links to it.
    let rows = html.split("<tbody>").nth(1).and_then(|b| b.split("</tbody>").next()).unwrap().matches("<tr").count();
    assert_eq!(rows, 45);
    assert!(html.contains(&format!("href=\"{base}?page=2#rec-")));

    let last = public.get(&format!("{base}?page=3")).await;
    assert_eq!(last.status(), StatusCode::OK);
    let html = last.text().await.unwrap();
    assert_eq!(articles(&html), 5);
    assert!(html.contains("Page 3 of 3") && html.contains(&format!("href=\"{base}\"")), "page 1 has no parameter");

    for bad in ["0", "4", "two", "-1"] {
        assert_eq!(public.get(&format!("{base}?page={bad}")).await.status(), StatusCode::NOT_FOUND, "page {bad}");
    }
}

/// The plain routes' one error type: an over-limit import is "file too large" on the field (JSON
/// 422, or back to the form), and a refusal is an HTML page in the reader's language for a
/// browser and JSON for an API client, with the same status.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_routes_answer_in_the_shape_asked_for() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let delegate = app.signed_in("delegate@x.org", Role::Delegate, None).await;
    let anonymous = app.client();
    let m = create_meeting(&sec, "Shapes meeting").await;

    let big = format!("code,text_en\n{}", "R1,x\n".repeat(11 * 1024 * 1024 / 5));
    let res = import(&sec, m, &big, true).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!((body["fields"][0]["field"].as_str(), body["fields"][0]["code"].as_str()), (Some("file"), Some("file_too_large")), "{body}");
    let res = import(&sec, m, &big, false).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with(&format!("/meetings/{m}/plan?import_errors=")) && location.contains("file_too_large"), "{location}");
    assert_eq!(app.count(recommendation::Entity).await, 0);

    let csv = format!("{}/meetings/{m}/registrations.csv", delegate.base);
    let page = delegate.client.get(&csv).header(ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert!(page.headers()[CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    assert!(page.text().await.unwrap().contains("<html lang=\"en\""));
    let json = delegate.client.get(&csv).header(ACCEPT, "application/json").send().await.unwrap();
    assert_eq!(json.status(), StatusCode::FORBIDDEN);
    assert_eq!(json.json::<serde_json::Value>().await.unwrap()["error"], "forbidden");
    let signed_out =
        anonymous.client.get(&csv).header(ACCEPT, "text/html").header("accept-language", "pt-PT,pt;q=0.9").send().await.unwrap();
    assert_eq!(signed_out.status(), StatusCode::UNAUTHORIZED);
    let text = signed_out.text().await.unwrap();
    assert!(text.contains("<html lang=\"pt\"") && text.contains("href=\"/login\""), "{text}");
    // The JSON API answers JSON whatever the client accepts.
    let api = anonymous.client.get(format!("{}/api/v1/meetings/x", anonymous.base)).header(ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.json::<serde_json::Value>().await.unwrap()["error"], "not_found");
}
