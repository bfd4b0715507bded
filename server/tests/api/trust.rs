//! Trust over HTTP (issue 16): requests that must never hurt the server, headers every page
//! carries, accounts end to end, and the per-address limits under a parallel burst.

use crate::helpers::*;
use app::domain::Role;
use app::ssr::entities::{api_token, login_attempt, minutes_comment, outbox, registration};
use reqwest::header::{ACCEPT, ORIGIN, REFERER};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// A request as a browser without JavaScript sends a form: it accepts HTML and says where the
/// form was.
fn as_browser(b: reqwest::RequestBuilder, base: &str, page: &str) -> reqwest::RequestBuilder {
    b.header(ACCEPT, "text/html").header(REFERER, format!("{base}{page}"))
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

/// The current user's id (as the database knows it).
async fn user_id(app: &TestApp, email: &str) -> i32 {
    use app::ssr::entities::app_user;
    app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(&app.db).await.unwrap().unwrap().id
}

async fn current(app: &TestApp, email: &str) -> app::features::auth::types::CurrentUser {
    use app::ssr::entities::app_user;
    let u = app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(&app.db).await.unwrap().unwrap();
    app::ssr::auth::to_current_user(&u).unwrap()
}

/// The last email queued for `to`, as its payload.
async fn last_mail(app: &TestApp, to: &str) -> serde_json::Value {
    use sea_orm::QueryOrder;
    let m = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(to))
        .order_by_desc(outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    serde_json::from_str(&m.payload).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirect_targets_are_same_site_paths_and_user_text_never_breaks_the_connection() {
    let app = spawn_app().await;
    app.user("sec@iom.example", Role::Secretariat, None).await;
    // `next` with a tab (browsers drop it: `//evil.example`), a line feed, a backslash, a scheme.
    for next in ["/\t/evil.example", "/\n", "/\\evil.example", "https://evil.example/", "/a\r\nSet-Cookie: x=1"] {
        let s = app.client();
        let res = as_browser(s.client.post(format!("{}/api/auth/login", app.base)), &app.base, "/login")
            .form(&[("form[email]", "sec@iom.example"), ("form[password]", PASSWORD), ("form[next]", next)])
            .send()
            .await
            .expect("an answer, not a dropped connection");
        assert_eq!(location(&res), "/", "{next:?}");
        assert!(res.status().is_redirection());
    }
    // A comment whose section id is "\n5": saved once, and a safe redirect.
    let sec = app.signed_in("sec2@iom.example", Role::Secretariat, None).await;
    let m = open_for_registration(&sec, "Trust meeting", &[("capacity", "10"), ("quota", "5"), ("cat_head_of_delegation", "on")]).await;
    let mid: i32 = m.parse().unwrap();
    let sec_user = current(&app, "sec2@iom.example").await;
    use app::features::minutes::{service as minutes, types::MinutesStepForm, types::SectionForm};
    minutes::create(&app.db, &sec_user, mid).await.unwrap();
    minutes::save_section(
        &app.db,
        &sec_user,
        &SectionForm { meeting_id: m.clone(), title: "Opening".into(), body: "Text.".into(), ..Default::default() },
    )
    .await
    .unwrap();
    let version = app::ssr::entities::minutes::Entity::find().one(&app.db).await.unwrap().unwrap().version;
    let closes = (chrono::Utc::now().date_naive() + chrono::Duration::days(10)).to_string();
    let step = MinutesStepForm {
        meeting_id: m.clone(),
        version: version.to_string(),
        step: "circulate".into(),
        closes_on: closes,
        access: String::new(),
    };
    minutes::step(&app.db, &sec_user, &step, chrono::Utc::now(), &app.base).await.unwrap();
    let section = app::ssr::entities::minutes_section::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let res = as_browser(sec.client.post(format!("{}/api/minutes/comment", app.base)), &app.base, &format!("/meetings/{m}/minutes"))
        .form(&[("form[section_id]", format!("\n{section}")), ("form[body]", "Agreed.".to_string())])
        .send()
        .await
        .expect("an answer");
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = location(&res);
    assert!(to == format!("/meetings/{m}/minutes#section-{section}") || to == "/", "{to}");
    assert_eq!(minutes_comment::Entity::find().count(&app.db).await.unwrap(), 1, "saved once");
    // A registration whose meeting id ends in a line feed: registered once, a safe redirect.
    let res = as_browser(sec.client.post(format!("{}/api/registration/register", app.base)), &app.base, &format!("/meetings/{m}/register"))
        .form(&[
            ("form[meeting_id]", format!("{m}\n")),
            ("form[category]", "head_of_delegation".into()),
            ("form[country]", "TZ".into()),
            ("form[given_name]", "Juma".into()),
            ("form[family_name]", "Mwakyusa".into()),
            ("form[position]", "Minister".into()),
            ("form[email]", "juma@gov.tz".into()),
        ])
        .send()
        .await
        .expect("an answer");
    assert_eq!(location(&res), format!("/meetings/{m}/registrations"));
    assert_eq!(registration::Entity::find().count(&app.db).await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_in_the_address_is_shown_only_to_the_browser_that_sent_the_form() {
    let app = spawn_app().await;
    app.user("sec@iom.example", Role::Secretariat, None).await;
    // A forged error (base64 of `{"error":"conflict","message":"Your account is suspended: call +1 555"}`).
    let forged = "eyJlcnJvciI6ImNvbmZsaWN0IiwibWVzc2FnZSI6IllvdXIgYWNjb3VudCBpcyBzdXNwZW5kZWQ6IGNhbGwgKzEgNTU1In0=";
    let visitor = app.client();
    let res = visitor.get(&format!("/login?next=/me&__path=/api/auth/login&__err={forged}")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login?next=%2Fme");
    // A real error of a form sent without JavaScript: the browser that sent it sees it.
    let s = app.client();
    let res = as_browser(s.client.post(format!("{}/api/auth/login", app.base)), &app.base, "/login")
        .form(&[("form[email]", "sec@iom.example"), ("form[password]", "wrong password"), ("form[next]", "/")])
        .send()
        .await
        .unwrap();
    let back = location(&res);
    assert!(back.contains("__err="), "{back}");
    assert!(res.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("midsa_fe=")));
    let path = back.strip_prefix(&app.base).unwrap();
    let page = s.get(path).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("The email address or password is not correct."));
    // The same address from another browser: sent on without the error.
    let other = app.client().get(path).await;
    assert_eq!(other.status(), StatusCode::SEE_OTHER);
    assert!(!location(&other).contains("__err"));
    // Texts carried by errors (a conflict's message) never reach the page: only the app's own.
    let page = app.client().get("/login").await.text().await.unwrap();
    assert!(!page.contains("suspended"));
    // The parameter names percent-encoded (`%5F%5Ferr`) are the same parameters.
    let res = visitor.get(&format!("/login?%5F%5Fpath=%2Fapi%2Fauth%2Flogin&%5F%5Ferr={forged}")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Other results the server's redirects put in an address take only what they can hold: a
    // number of imported recommendations, known rows, columns and codes.
    let sec = app.signed_in("sec2@iom.example", Role::Secretariat, None).await;
    let m = create_meeting(&sec, "Import meeting").await;
    let page = sec.get(&format!("/meetings/{m}/plan?imported=Your%20account%20is%20suspended")).await.text().await.unwrap();
    assert!(!page.contains("suspended"));
    let errors = app::domain::url_segment(
        r#"[["row2.code",{"code":"changed_meanwhile","current":"Call +1 555 now","base":""}],["row3.bogus",{"code":"required"}],["row4.code",{"code":"invalid_code"}]]"#,
    );
    let page = sec.get(&format!("/meetings/{m}/plan?import_errors={errors}")).await.text().await.unwrap();
    assert!(!page.contains("Call +1 555") && !page.contains("bogus"));
    let at = page.find("form-status error").map(|i| &page[i..(i + 900).min(page.len())]).unwrap_or("(no error box)");
    assert!(page.contains("<td>4"), "a row the import could report is still shown: {at}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_from_another_site_are_refused_with_or_without_a_session() {
    let app = spawn_app().await;
    app.user("sec@iom.example", Role::Secretariat, None).await;
    // Login CSRF: another site signing the visitor in to an account of its choosing.
    let res = reqwest::Client::new()
        .post(format!("{}/api/auth/login", app.base))
        .header(ORIGIN, "https://evil.example")
        .form(&[("form[email]", "sec@iom.example"), ("form[password]", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(login_attempt::Entity::find().count(&app.db).await.unwrap(), 0, "refused before anything happened");
    // Any other POST without a session, named from elsewhere by its Referer.
    let res = reqwest::Client::new()
        .post(format!("{}/api/password/request", app.base))
        .header(REFERER, "https://evil.example/page")
        .form(&[("form[email]", "sec@iom.example")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A client that names no origin (a script, an API client) and has no session is served.
    let res = reqwest::Client::new()
        .post(format!("{}/api/auth/login", app.base))
        .header(ACCEPT, "application/json")
        .form(&[("form[email]", "sec@iom.example"), ("form[password]", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_carries_the_security_headers() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    // A signed-in page (never kept by the page cache): a nonce of its own on every response.
    let res = sec.get("/meetings").await;
    let h = res.headers().clone();
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap().to_string();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self' 'nonce-") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"), "{csp}");
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(h.get("referrer-policy").unwrap(), "same-origin");
    assert!(h.get("strict-transport-security").is_none(), "no HSTS over plain http");
    // Every inline script carries this response's nonce, and no other.
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_string();
    let body = res.text().await.unwrap();
    let mut inline = 0;
    for tag in body.split("<script").skip(1).map(|t| &t[..t.find('>').unwrap()]) {
        if tag.contains(" src=") {
            continue;
        }
        inline += 1;
        assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "inline script without the nonce: <script{tag}>");
    }
    assert!(inline >= 1, "the hydration loader is inline");
    // A new nonce on every response.
    let again = sec.get("/meetings").await;
    assert_ne!(again.headers().get("content-security-policy").unwrap().to_str().unwrap(), csp);
    // Signed-in pages are not stored by the browser or a proxy.
    assert_eq!(again.headers().get("cache-control").unwrap(), "no-store");
    // A public page (kept by the page cache, so it cannot repeat a nonce): the same policy with
    // its inline scripts allowed by their hashes, and every inline script among them.
    let res = app.client().get("/meetings").await;
    let h = res.headers().clone();
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap().to_string();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self' 'sha256-") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(!csp.contains("nonce") && !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"), "{csp}");
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert!(h.get("cache-control").is_none_or(|v| v != "no-store"));
    let body = res.text().await.unwrap();
    let hashes = server::cache::inline_script_hashes(&body).unwrap();
    assert!(!hashes.is_empty(), "the hydration loader is inline");
    assert!(hashes.iter().all(|x| csp.contains(x.as_str())), "{csp}");
    // Files and JSON never run anything.
    let res = app.client().get("/plan-template.csv").await;
    assert!(res.headers().get("content-security-policy").unwrap().to_str().unwrap().contains("sandbox"));
    // Over https: HSTS.
    let url = app::ssr::testing::fresh_database_url().await;
    let https = spawn_app_configured(url, None, |s| s.public_url = "https://midsa.example.org".into()).await;
    let res = https.client().get("/meetings").await;
    assert!(res.headers().get("strict-transport-security").unwrap().to_str().unwrap().contains("max-age="));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_form_is_413_in_the_shape_of_the_other_errors() {
    let app = spawn_app().await;
    let big = "x".repeat(3 * 1024 * 1024);
    // A JSON client gets the error as JSON.
    let res = app.client().post("/api/password/request", &[("email", big.as_str())]).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["error"], "payload_too_large");
    // A browser without JavaScript goes back to the form, which says what happened.
    let s = app.client();
    let res = as_browser(s.client.post(format!("{}/api/password/request", app.base)), &app.base, "/password/forgot")
        .form(&[("form[email]", big.as_str())])
        .send()
        .await
        .expect("an answer, not a dropped connection");
    assert!(res.status().is_redirection(), "{}", res.status());
    let page = s.get(location(&res).strip_prefix(&app.base).unwrap()).await.text().await.unwrap();
    assert!(page.contains("The form you sent is too large."), "the form shows the message");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_calendar_link_is_shown_once_and_never_in_an_address() {
    let app = spawn_app().await;
    let me = app.signed_in("asha@gov.tz", Role::Delegate, None).await;
    // Without JavaScript: the answer goes back to /me, with no secret in the address.
    let res = as_browser(me.client.post(format!("{}/api/me/feed/create", app.base)), &app.base, "/me").send().await.unwrap();
    assert_eq!(location(&res), "/me");
    let first = me.get("/me").await.text().await.unwrap();
    let start = first.find("/feeds/").expect("the new link is shown");
    let link: String = first[start..].chars().take_while(|c| *c != '<' && *c != '"').collect();
    assert!(link.ends_with(".ics"), "{link}");
    // Once: a reload does not show it again.
    let second = me.get("/me").await.text().await.unwrap();
    assert!(!second.contains(&link));
    // The link works; only its hash is stored.
    assert_eq!(app.client().get(&link).await.status(), StatusCode::OK);
    let token = link.trim_start_matches("/feeds/").trim_end_matches(".ics");
    let stored = app::ssr::entities::calendar_feed::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_ne!(stored.token_hash, token);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nul_byte_in_a_registration_is_a_field_error_and_nothing_is_saved() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = open_for_registration(&sec, "Nul meeting", &[("capacity", "10"), ("quota", "5"), ("cat_delegate", "on")]).await;
    let visitor = app.client();
    let res = visitor
        .post(
            "/api/registration/register",
            &[
                ("meeting_id", m.as_str()),
                ("category", "delegate"),
                ("country", "TZ"),
                ("given_name", "Ju\0ma"),
                ("family_name", "Mwakyusa\u{7}"),
                ("position", "Minister"),
                ("email", "juma@gov.tz"),
            ],
        )
        .await;
    assert_eq!(error_fields(res).await, vec!["given_name", "family_name"]);
    assert_eq!(registration::Entity::find().count(&app.db).await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nominated_delegate_chooses_a_password_and_reads_the_delegates_papers() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = open_for_registration(
        &sec,
        "Account meeting",
        &[("capacity", "10"), ("quota", "5"), ("cat_delegate", "on"), ("approval_required", "on")],
    )
    .await;
    let sec_user = current(&app, "sec@iom.example").await;
    let paper = app::features::papers::types::PaperForm {
        meeting_id: m.clone(),
        lang: "en".into(),
        access: "delegates".into(),
        title: "Delegates' brief".into(),
        body: "For delegates.".into(),
        ..Default::default()
    };
    let pid = app::features::papers::service::save(&app.db, &sec_user, &paper).await.unwrap();
    let fp = app.signed_in("fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let res = fp
        .post(
            "/api/registration/register",
            &[
                ("meeting_id", m.as_str()),
                ("category", "delegate"),
                ("country", "TZ"),
                ("given_name", "Neema"),
                ("family_name", "Kimaro"),
                ("position", "Director"),
                ("email", "neema@gov.tz"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The registration email carries the one-time link; nothing in any answer did.
    let link = last_mail(&app, "neema@gov.tz").await["account_link"].as_str().unwrap().to_string();
    let token = link.rsplit('/').next().unwrap().to_string();
    let person = app.client();
    let res = person.get(&format!("/password/reset/{token}")).await;
    assert_eq!((res.status(), location(&res)), (StatusCode::SEE_OTHER, "/password/reset".to_string()));
    assert!(person.get("/password/reset").await.text().await.unwrap().contains("neema@gov.tz"));
    let res = person.post("/api/password/reset", &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: serde_json::Value = person.post_raw("/api/auth/me", &[]).await.json().await.unwrap();
    assert_eq!(me["email"], "neema@gov.tz");
    // Pending: not yet a delegate. Approved: the delegates' paper opens.
    let res = person.get(&format!("/papers/{pid}")).await;
    let status = res.status();
    assert_eq!(status, StatusCode::NOT_FOUND, "{}", res.text().await.unwrap());
    let rid = registration::Entity::find().filter(registration::Column::Email.eq("neema@gov.tz")).one(&app.db).await.unwrap().unwrap().id;
    let res =
        sec.post("/api/registration/decide", &[("meeting_id", m.as_str()), ("ids][0", &rid.to_string()), ("decision", "approve")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(person.get(&format!("/papers/{pid}")).await.status(), StatusCode::OK);
    assert!(person.get("/me").await.text().await.unwrap().contains("Account meeting"));
    // The link was used once.
    let again = app.client();
    again.get(&format!("/password/reset/{token}")).await;
    let res = again.post("/api/password/reset", &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(error_fields(res).await, vec!["password"]);
    // Once sent, the stored email keeps no secret.
    app.wait_for_mail(2).await;
    for m in outbox::Entity::find().filter(outbox::Column::Status.eq("sent")).all(&app.db).await.unwrap() {
        assert!(!m.payload.contains(&token), "{}", m.payload);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgot_password_answers_the_same_whether_or_not_the_account_exists() {
    let app = spawn_app().await;
    app.user("sec@iom.example", Role::Secretariat, None).await;
    let s = app.client();
    let known = s.post("/api/password/request", &[("email", "sec@iom.example")]).await;
    let unknown = s.post("/api/password/request", &[("email", "nobody@iom.example")]).await;
    assert_eq!((known.status(), unknown.status()), (StatusCode::OK, StatusCode::OK));
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(outbox::Entity::find().filter(outbox::Column::Kind.eq("password_link")).count(&app.db).await.unwrap(), 1);
    for n in 0..8 {
        s.post("/api/password/request", &[("email", &format!("x{n}@iom.example"))]).await;
    }
    let limited = s.post("/api/password/request", &[("email", "sec@iom.example")]).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parallel_burst_from_one_address_stores_exactly_the_limit() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = open_for_registration(&sec, "Burst meeting", &[("capacity", "500"), ("quota", "500"), ("cat_delegate", "on")]).await;
    let mut tasks = Vec::new();
    for n in 0..60 {
        let (base, m) = (app.base.clone(), m.clone());
        tasks.push(tokio::spawn(async move {
            let email = format!("burst{n}@gov.tz");
            reqwest::Client::new()
                .post(format!("{base}/api/registration/register"))
                .header(ACCEPT, "application/json")
                .form(&[
                    ("form[meeting_id]", m.as_str()),
                    ("form[category]", "delegate"),
                    ("form[country]", "TZ"),
                    ("form[given_name]", "Burst"),
                    ("form[family_name]", "Test"),
                    ("form[position]", "Officer"),
                    ("form[email]", email.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let stored = registration::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(stored, app::features::registration::service::SELF_REGISTRATIONS_PER_IP_HOUR);
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count() as u64, 60 - stored);
    // Sign-in: 60 wrong passwords at once for one account from one address → five recorded.
    app.user("target@iom.example", Role::Secretariat, None).await;
    let mut tasks = Vec::new();
    for _ in 0..60 {
        let base = app.base.clone();
        tasks.push(tokio::spawn(async move {
            reqwest::Client::new()
                .post(format!("{base}/api/auth/login"))
                .header(ACCEPT, "application/json")
                .form(&[("form[email]", "target@iom.example"), ("form[password]", "wrong password!")])
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let mut limited = 0;
    for t in tasks {
        if t.await.unwrap() == StatusCode::TOO_MANY_REQUESTS {
            limited += 1;
        }
    }
    let recorded =
        login_attempt::Entity::find().filter(login_attempt::Column::Email.eq("target@iom.example")).count(&app.db).await.unwrap();
    assert_eq!(recorded, app::ssr::auth::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS);
    assert_eq!(limited, 60 - recorded);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deactivating_an_account_ends_its_sessions_and_tokens_at_once() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let fp = app.signed_in("fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let res = fp.post("/api/tokens/create", &[("name", "Ministry system")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    // The new token is shown once, by the tokens page, from a cookie (never a URL, never stored).
    let page: serde_json::Value = fp.post_raw("/api/tokens/list", &[]).await.json().await.unwrap();
    let token = page["new_token"].as_str().unwrap().to_string();
    let page: serde_json::Value = fp.post_raw("/api/tokens/list", &[]).await.json().await.unwrap();
    assert!(page["new_token"].is_null(), "shown once");
    let bearer =
        |t: &str| reqwest::Client::new().get(format!("{}/api/v1/meetings", app.base)).header("Authorization", format!("Bearer {t}"));
    assert_eq!(bearer(&token).send().await.unwrap().status(), StatusCode::OK);
    let id = user_id(&app, "fp@gov.tz").await;
    // The account page lists the session and the token.
    let detail: serde_json::Value = sec.post_raw("/api/users/get", &[("id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!((detail["sessions"].as_array().unwrap().len(), detail["tokens"].as_array().unwrap().len()), (1, 1));
    let res = sec.post_raw("/api/users/active", &[("id", &id.to_string()), ("active", "false")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: serde_json::Value = fp.post_raw("/api/auth/me", &[]).await.json().await.unwrap();
    assert!(me.is_null(), "the session ended");
    assert_eq!(bearer(&token).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert!(api_token::Entity::find().one(&app.db).await.unwrap().unwrap().revoked_at.is_some());
    // The last secretariat account cannot be deactivated: a field error, not a 500.
    let own = user_id(&app, "sec@iom.example").await;
    let res = sec.post_raw("/api/users/active", &[("id", &own.to_string()), ("active", "false")]).await;
    assert_eq!(error_fields(res).await, vec!["id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fifty_thousand_character_narrative_is_cut_with_a_marker_in_xlsx() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m: i32 =
        open_for_registration(&sec, "Plan meeting", &[("capacity", "10"), ("quota", "5"), ("cat_delegate", "on")]).await.parse().unwrap();
    let sec_user = current(&app, "sec@iom.example").await;
    app.user("fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let tz = current(&app, "fp@gov.tz").await;
    let now = chrono::Utc::now();
    use app::features::{plan::service as plan, reports::service as reports};
    let rec = app::features::plan::types::RecommendationForm {
        meeting_id: m.to_string(),
        code: "R1".into(),
        text: "Do it.".into(),
        theme: "labour".into(),
        level: "national".into(),
        states: "TZ".into(),
        ..Default::default()
    };
    let r = plan::save_recommendation(&app.db, &sec_user, &rec, now).await.unwrap();
    let version = plan::find_plan(&app.db, m).await.unwrap().unwrap().version;
    let adopt = app::features::plan::types::PlanStepForm {
        meeting_id: m.to_string(),
        version: version.to_string(),
        step: "adopt".into(),
        adopted_on: now.date_naive().to_string(),
        public_status: None,
        public_narratives: None,
    };
    plan::step(&app.db, &sec_user, &adopt, now).await.unwrap();
    let cycle = app::features::reports::types::CycleForm {
        meeting_id: m.to_string(),
        title: "First".into(),
        opens_on: (now.date_naive() - chrono::Duration::days(1)).to_string(),
        due_on: (now.date_naive() + chrono::Duration::days(10)).to_string(),
        recommendations: vec![],
    };
    let c = reports::open_cycle(&app.db, &sec_user, &cycle, now).await.unwrap();
    let report = app::features::reports::types::ReportForm {
        cycle_id: c.to_string(),
        recommendation_id: r.to_string(),
        status: "in_progress".into(),
        percent: "40".into(),
        narrative: "é".repeat(50_000),
        submit: Some("on".into()),
        ..Default::default()
    };
    reports::save_report(&app.db, &tz, &report, now).await.unwrap();
    let res = sec.get(&format!("/cycles/{c}/reports.xlsx")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let rows = app::ssr::table::read_xlsx(&res.bytes().await.unwrap()).unwrap();
    let cell = rows.iter().flatten().find(|c| c.starts_with("éé")).expect("the narrative");
    assert_eq!(cell.chars().count(), app::ssr::table::XLSX_CELL_MAX);
    assert!(cell.contains("50000 characters in all"), "a visible marker");
    // The CSV has it whole.
    let csv = sec.get(&format!("/cycles/{c}/reports.csv")).await.text().await.unwrap();
    assert!(csv.contains(&"é".repeat(50_000)));
}

/// Every response names its request in `x-request-id` (a new id each time), and an internal
/// error shows that id as the reference to quote: on a page, on a plain route (the calendar)
/// and in the JSON API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_reference_is_the_request_id() {
    use sea_orm::ConnectionTrait;
    let app = spawn_app().await;
    let id_of = |res: &reqwest::Response| res.headers().get("x-request-id").unwrap().to_str().unwrap().to_string();
    let (a, b) = (app.client().get("/meetings").await, app.client().get("/meetings").await);
    let (ia, ib) = (id_of(&a), id_of(&b));
    assert!(ia.starts_with("R-") && ia.len() == 14, "{ia}");
    assert_ne!(ia, ib);
    // Break the database under the server: every reader of meetings now fails inside. (The
    // address is one the page cache has not kept: a kept page would still be served.)
    app.db.execute_unprepared("ALTER TABLE meeting RENAME TO meeting_gone").await.unwrap();
    let page = app.client().get("/meetings?after=break").await;
    let id = id_of(&page);
    let body = page.text().await.unwrap();
    assert!(body.contains(&id), "the page quotes its request id {id}");
    // A plain route (the calendar), answered as an HTML page.
    let ics = app.client().get("/meetings/1/calendar.ics").await;
    let id = id_of(&ics);
    assert_eq!(ics.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(ics.text().await.unwrap().contains(&id), "the plain route's error page quotes its request id {id}");
    let json = reqwest::Client::new().get(format!("{}/api/v1/meetings", app.base)).send().await.unwrap();
    let id = id_of(&json);
    assert_eq!(json.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let text = json.text().await.unwrap();
    assert!(text.contains(&id), "the JSON error quotes its request id {id}: {text}");
}
