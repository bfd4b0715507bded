use crate::helpers::*;
use app::domain::Role;
use app::ssr::entities::outbox;
use reqwest::StatusCode;
use sea_orm::EntityTrait;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_sets_a_safe_cookie_and_sign_out_ends_the_session() {
    let app = spawn_app().await;
    app.user("sec@iom.example", Role::Secretariat, None).await;
    let s = app.client();
    let res = s.post("/api/auth/login", &[("email", "sec@iom.example"), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("midsa_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    let me: serde_json::Value = s.post_raw("/api/auth/me", &[]).await.json().await.unwrap();
    assert_eq!(me["role"], "secretariat");
    let res = s.post("/api/auth/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: serde_json::Value = s.post_raw("/api/auth/me", &[]).await.json().await.unwrap();
    assert!(me.is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_are_refused_then_rate_limited() {
    let app = spawn_app().await;
    app.user("sec@iom.example", Role::Secretariat, None).await;
    let s = app.client();
    for _ in 0..5 {
        let res = s.post("/api/auth/login", &[("email", "sec@iom.example"), ("password", "not the password")]).await;
        assert_eq!(error_fields(res).await, vec!["credentials"]);
    }
    let res = s.post("/api/auth/login", &[("email", "sec@iom.example"), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_form_post_without_javascript_redirects_back_with_the_error_or_on() {
    let app = spawn_app().await;
    app.user("sec@iom.example", Role::Secretariat, None).await;
    let s = app.client();
    let html =
        |res: reqwest::RequestBuilder| res.header("Accept", "text/html").header("Referer", format!("{}/login?next=/admin/users", app.base));
    let res = html(s.client.post(format!("{}/api/auth/login", app.base)))
        .form(&[("form[email]", "sec@iom.example"), ("form[password]", "wrong password"), ("form[next]", "/admin/users")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let loc = res.headers().get("location").unwrap().to_str().unwrap();
    assert!(loc.contains("/login?") && loc.contains("__err="), "{loc}");
    let res = html(s.client.post(format!("{}/api/auth/login", app.base)))
        .form(&[("form[email]", "sec@iom.example"), ("form[password]", PASSWORD), ("form[next]", "/admin/users")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers().get("location").unwrap(), "/admin/users");
    // An absolute "next" is not followed.
    let res = s.post("/api/auth/login", &[("email", "sec@iom.example"), ("password", PASSWORD), ("next", "https://evil.example/")]).await;
    assert_eq!(res.headers().get("location").map(|v| v.to_str().unwrap()), Some("/"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitation_email_is_sent_and_the_link_activates_the_account() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let res = sec
        .post(
            "/api/users/invite",
            &[("email", "ines@gov.mz"), ("display_name", "Inês Machava"), ("role", "focal_point"), ("country", "MZ"), ("locale", "pt")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The inviting user never sees the link: it goes to the invitee only.
    let invite = res.text().await.unwrap();
    assert!(!invite.contains("/invite/") && !invite.contains("link"), "{invite}");
    let mails = app.wait_for_mail(1).await;
    let mail = &mails[0];
    assert!(mail.contains("To: ines@gov.mz"), "{mail}");
    assert!(mail.contains("Subject: =?utf-8?") || mail.contains("Subject: A sua conta"), "{mail}");
    assert!(mail.contains("Content-Type: text/plain") && mail.contains("Content-Type: text/html"));
    let link_start = mail.find(&format!("{}/invite/", app.base)).expect("the email carries the link");
    let token: String =
        mail[link_start + app.base.len() + 8..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    assert_eq!(token.len(), 43);
    let rows = outbox::Entity::find().all(&app.db).await.unwrap();
    assert_eq!((rows[0].status.as_str(), rows[0].attempts), ("sent", 1));
    // Once sent, the stored message keeps no secret.
    assert!(!rows[0].payload.contains(&token), "{}", rows[0].payload);

    // The emailed link puts the token in a cookie and sends the browser on without it.
    let invitee = app.client();
    let res = invitee.get(&format!("/invite/{token}")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get("location").unwrap(), "/invite");
    assert!(res.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("midsa_link=invite.")));
    let page = invitee.get("/invite").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("ines@gov.mz"));
    let res = invitee.post("/api/invite/accept", &[("password", "short"), ("password_confirm", "short")]).await;
    assert_eq!(error_fields(res).await, vec!["password"]);
    let res = invitee.post("/api/invite/accept", &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: serde_json::Value = invitee.post_raw("/api/auth/me", &[]).await.json().await.unwrap();
    assert_eq!((me["email"].as_str(), me["role"].as_str(), me["country"].as_str()), (Some("ines@gov.mz"), Some("focal_point"), Some("MZ")));
    // Used once only, in this browser or any other.
    let res = invitee.post("/api/invite/accept", &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let other = app.client();
    other.get(&format!("/invite/{token}")).await;
    let res = other.post("/api/invite/accept", &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Bad invitations are field errors.
    let res = sec.post("/api/users/invite", &[("email", "ines@gov.mz"), ("display_name", ""), ("role", "focal_point")]).await;
    assert_eq!(error_fields(res).await, vec!["display_name", "country"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_choice_is_a_cookie_and_sets_the_page_language() {
    let app = spawn_app().await;
    let s = app.client();
    let res = s
        .client
        .post(format!("{}/set-language", app.base))
        .header("Referer", format!("{}/meetings", app.base))
        .form(&[("lang", "fr")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get("location").unwrap(), "/meetings");
    let page = s.get("/meetings").await.text().await.unwrap();
    assert!(page.contains("<html lang=\"fr\""), "{}", &page[..200]);
    assert!(page.contains("Réunions"));
    let res = s.post_raw("/set-language", &[("lang", "de")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Accept-Language decides for a first visit.
    let res = app.client().client.get(format!("{}/meetings", app.base)).header("Accept-Language", "pt-PT,pt;q=0.9").send().await.unwrap();
    assert!(res.text().await.unwrap().contains("<html lang=\"pt\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_checks_the_database() {
    let app = spawn_app().await;
    let res = app.client().get("/health").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn light_pages_leave_out_the_scripts_when_chosen_or_when_the_browser_saves_data() {
    let app = spawn_app().await;
    let has_scripts = |html: &str| html.contains(".hydrate()") || html.contains("rel=\"modulepreload\"") || html.contains(".wasm");
    let page = |cookie: Option<&'static str>, save_data: bool| {
        let c = app.client().client;
        let url = format!("{}/meetings", app.base);
        async move {
            let mut req = c.get(url);
            if let Some(cookie) = cookie {
                req = req.header("Cookie", cookie);
            }
            if save_data {
                req = req.header("Save-Data", "on");
            }
            req.send().await.unwrap().text().await.unwrap()
        }
    };
    let normal = page(None, false).await;
    assert!(has_scripts(&normal), "{normal}");
    assert!(normal.contains("Light pages for slow connections (no scripts)"));
    let saving = page(None, true).await;
    assert!(!has_scripts(&saving), "Save-Data: on gets light pages");
    assert!(saving.contains("Use the interactive pages"));
    assert!(!has_scripts(&page(Some("midsa_lite=1"), false).await));
    // An explicit choice wins over Save-Data.
    assert!(has_scripts(&page(Some("midsa_lite=0"), true).await));

    let s = app.client();
    let res = s
        .client
        .post(format!("{}/set-lite", app.base))
        .header("Referer", format!("{}/meetings/1", app.base))
        .form(&[("lite", "on")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/meetings/1");
    assert!(res.headers()["set-cookie"].to_str().unwrap().starts_with("midsa_lite=1;"));
    assert_eq!(s.post_raw("/set-lite", &[("lite", "maybe")]).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// The sign-in limit (20 failures per client address in 15 minutes) counts the address a
/// trusted reverse proxy forwards, so one office behind the proxy does not lock out everyone;
/// from anyone else `X-Forwarded-For` is ignored, so a client cannot escape the limit by
/// writing the header itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_follow_forwarded_addresses_only_from_trusted_proxies() {
    let fail = |s: &Session, n: usize, forwarded: &'static str| {
        let req = s
            .client
            .post(format!("{}/api/auth/login", s.base))
            .header("X-Forwarded-For", forwarded)
            .form(&[("form[email]", format!("nobody{n}@x.org")), ("form[password]", "not the password".to_string())]);
        async move { req.send().await.unwrap().status() }
    };
    // Behind a trusted proxy (the test client's 127.0.0.1).
    let url = app::ssr::testing::fresh_database_url().await;
    let app = spawn_app_configured(url, None, |s| s.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let s = app.client();
    let limit = app::ssr::auth::MAX_FAILURES_PER_ADDRESS as usize;
    for n in 0..limit {
        assert_eq!(fail(&s, n, "198.51.100.7").await, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(fail(&s, limit, "198.51.100.7").await, StatusCode::TOO_MANY_REQUESTS, "that office is limited");
    assert_eq!(fail(&s, limit + 1, "203.0.113.50").await, StatusCode::UNPROCESSABLE_ENTITY, "another office is not");
    // Directly connected clients: the header is theirs to forge, so it is ignored.
    let app = spawn_app().await;
    let s = app.client();
    let forged = ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"];
    for n in 0..limit {
        assert_eq!(fail(&s, n, forged[n % 4]).await, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(fail(&s, limit, "5.5.5.5").await, StatusCode::TOO_MANY_REQUESTS);
}
