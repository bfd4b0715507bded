//! Registration over HTTP: who may call what, self-registration with the confirmation email,
//! bulk approval with the calendar attached, withdrawals, exports and the public list.

use crate::helpers::*;
use app::domain::Role;
use app::ssr::entities::{audit_log, registration, registration_settings};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// A meeting (created by `sec`) announced, open for registration, set up with `capacity`.
async fn open_meeting(sec: &Session, capacity: &str) -> String {
    let (opens, closes) = window();
    let fields = settings("", &opens, &closes, capacity);
    open_for_registration(sec, "Registration meeting", &fields[3..]).await
}

fn settings<'a>(m: &'a str, opens: &'a str, closes: &'a str, capacity: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("meeting_id", m),
        ("opens_at", opens),
        ("closes_at", closes),
        ("capacity", capacity),
        ("quota", "5"),
        ("cat_head_of_delegation", "on"),
        ("cat_delegate", "on"),
        ("cat_observer", "on"),
        ("approval_required", "on"),
    ]
}

fn person<'a>(m: &'a str, email: &'a str, country: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("meeting_id", m),
        ("category", "delegate"),
        ("country", country),
        ("given_name", "Thandiwe"),
        ("family_name", "Dlamini"),
        ("position", "Principal Immigration Officer"),
        ("email", email),
        ("passport_number", "SZ998877"),
        ("consent_list", "on"),
    ]
}

async fn registration_by_email(app: &TestApp, email: &str) -> registration::Model {
    registration::Entity::find().filter(registration::Column::Email.eq(email)).one(&app.db).await.unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_functions_refuse_the_wrong_roles_and_change_nothing() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = open_meeting(&sec, "50").await;
    let fp_tz = app.signed_in("fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    let fp_mz = app.signed_in("fp@mz.example", Role::FocalPoint, Some("MZ")).await;
    let delegate = app.signed_in("d@gov.example", Role::Delegate, None).await;
    let anonymous = app.client();
    let res = fp_tz.post("/api/registration/register", &person(&m, "a@gov.tz", "TZ")).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let id = registration_by_email(&app, "a@gov.tz").await.id.to_string();
    let before = (app.count(registration::Entity).await, app.count(audit_log::Entity).await, registration_by_email(&app, "a@gov.tz").await);
    let (opens, closes) = window();
    for (who, s, status) in [
        ("anonymous", &anonymous, StatusCode::UNAUTHORIZED),
        ("delegate", &delegate, StatusCode::FORBIDDEN),
        ("focal point", &fp_mz, StatusCode::FORBIDDEN),
    ] {
        let calls = [
            s.post("/api/registration/settings", &settings(&m, &opens, &closes, "1")).await,
            s.post("/api/registration/decide", &[("meeting_id", m.as_str()), ("ids][0", id.as_str()), ("decision", "approve")]).await,
            s.post_raw("/api/registration/list", &[("meeting_id", &m)]).await,
            s.post_raw("/api/registration/withdraw", &[("id", &id)]).await,
            s.post_raw("/api/registration/delegation", &[("meeting_id", &m), ("country", "TZ")]).await,
            s.get(&format!("/meetings/{m}/registrations.csv")).await,
            s.get(&format!("/meetings/{m}/registrations.xlsx")).await,
            s.post_raw("/api/registration/badges", &[("meeting_id", &m)]).await,
            s.post_raw("/api/registration/delegations", &[("meeting_id", &m)]).await,
            s.post_raw("/api/registration/search", &[("meeting_id", &m), ("q", "Thandiwe")]).await,
            s.post("/api/registration/checkin", &[("meeting_id", m.as_str()), ("id", id.as_str())]).await,
            s.post_raw("/api/registration/checkin-info", &[("meeting_id", &m), ("id", &id), ("newly", "true")]).await,
        ];
        for (i, res) in calls.into_iter().enumerate() {
            assert_eq!(res.status(), status, "{who}, call {i}");
        }
        // Pages for the secretariat and for delegations.
        for page in ["registrations", "badges", "checkin"] {
            assert_eq!(s.get(&format!("/meetings/{m}/{page}")).await.status(), status, "{who} {page} page");
        }
    }
    // A focal point may not nominate for another country.
    let res = fp_mz.post("/api/registration/register", &person(&m, "b@gov.tz", "TZ")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let after = (app.count(registration::Entity).await, app.count(audit_log::Entity).await, registration_by_email(&app, "a@gov.tz").await);
    assert_eq!(after, before, "refused calls changed nothing");
    // Tanzania's focal point sees their delegation (no passport), the secretariat everything.
    let res = fp_tz.post_raw("/api/registration/delegation", &[("meeting_id", &m), ("country", "TZ")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let delegation: serde_json::Value = res.json().await.unwrap();
    let (rows, note) = (&delegation[0], &delegation[1]);
    assert_eq!(rows[0]["email"], "a@gov.tz");
    assert!(rows[0]["passport"].is_null());
    assert!(note.is_null(), "no note verbale yet");
    assert_eq!(fp_tz.get(&format!("/meetings/{m}/delegation")).await.status(), StatusCode::OK);
    let res = sec.get(&format!("/meetings/{m}/registrations.csv")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(res.text().await.unwrap().contains("SZ998877"));
    let res = sec.get(&format!("/meetings/{m}/registrations.xlsx")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX is a zip archive");
    // Read it back with Python's zipfile: the sheet's strings hold the registration.
    let path = std::env::temp_dir().join(format!("midsa-{:x}.xlsx", rand::random::<u64>()));
    std::fs::write(&path, &bytes).unwrap();
    let out = std::process::Command::new("python3")
        .args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.read('xl/sharedStrings.xml').decode()); print(z.read('xl/workbook.xml').decode())"])
        .arg(&path)
        .output()
        .expect("python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(xml.contains("a@gov.tz") && xml.contains("SZ998877") && xml.contains("passport_number"), "{xml}");
    assert!(xml.contains("name=\"Registrations\""));
    assert_eq!(sec.get(&format!("/meetings/{m}/registrations")).await.status(), StatusCode::OK);
    // The secretariat prints badges and checks people in (approved only).
    let res = sec.post("/api/registration/checkin", &[("meeting_id", m.as_str()), ("id", id.as_str())]).await;
    assert_eq!(error_fields(res).await, vec!["token"], "a pending registration cannot check in");
    let res = sec.post("/api/registration/decide", &[("meeting_id", m.as_str()), ("ids][0", id.as_str()), ("decision", "approve")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = sec.get(&format!("/meetings/{m}/badges")).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("<svg"), "badges carry a QR code");
    let res = sec.post("/api/registration/checkin", &[("meeting_id", m.as_str()), ("id", id.as_str())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(registration_by_email(&app, "a@gov.tz").await.checked_in_at.is_some());
    // The invitation letters as one ZIP, streamed: one PDF per approved participant.
    let res = sec.get(&format!("/meetings/{m}/invitations.zip")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/zip");
    assert!(res.headers().get("content-length").is_none(), "streamed as it is made");
    let zip = res.bytes().await.unwrap();
    assert!(zip.starts_with(b"PK"));
    assert_eq!(zip.windows(5).filter(|w| w == b"%PDF-").count(), 1);
    let entry = format!("TZ/invitation-{:05}-Dlamini.pdf", id.parse::<i32>().unwrap());
    assert!(zip.windows(entry.len()).any(|w| w == entry.as_bytes()), "{entry}");
    let letter = sec.get(&format!("/registrations/{id}/invitation.pdf")).await;
    assert_eq!((letter.status(), letter.headers()["cache-control"].to_str().unwrap()), (StatusCode::OK, "private, no-store"));
    assert!(letter.bytes().await.unwrap().starts_with(b"%PDF-"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn self_registration_confirmation_bulk_approval_and_the_calendar_attachment() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = open_meeting(&sec, "1").await;
    let anonymous = app.client();
    // Bad input: every field reported, nothing saved.
    let bad = [("meeting_id", m.as_str()), ("category", "media"), ("email", "nope"), ("phone", "abc")];
    let fields = error_fields(anonymous.post("/api/registration/register", &bad).await).await;
    assert_eq!(fields, vec!["category", "given_name", "family_name", "position", "email", "phone"]);
    assert_eq!(app.count(registration::Entity).await, 0);
    let res = anonymous.post("/api/registration/register", &person(&m, "thandi@gov.sz", "SZ")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<String>().await.unwrap(), "unconfirmed");
    let res = anonymous.post("/api/registration/register", &person(&m, "second@gov.sz", "SZ")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mails = app.wait_for_mail(2).await;
    let confirm = mails.iter().find(|m| m.contains("To: thandi@gov.sz")).expect("confirmation email");
    let start = confirm.find("/registrations/confirm/").unwrap();
    let token: String = confirm[start + "/registrations/confirm/".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let res = anonymous.post_raw("/api/registration/confirm", &[("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, status): (i32, String) = res.json().await.unwrap();
    assert_eq!(status, "pending");
    // The page behind the link confirms with a button (a POST), never on GET.
    let page = anonymous.get(&format!("/registrations/confirm/{token}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    // The second person confirms too, and goes to the waiting list (one place).
    let second = registration_by_email(&app, "second@gov.sz").await;
    assert_eq!(second.status, app::domain::RegistrationStatus::Unconfirmed);
    let thandi = registration_by_email(&app, "thandi@gov.sz").await;
    // Approve in bulk, as the form sends it (form[ids][N]).
    let res = sec
        .post(
            "/api/registration/decide",
            &[("meeting_id", m.as_str()), ("ids][0", &thandi.id.to_string()), ("decision", "approve"), ("reason", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert_eq!(registration_by_email(&app, "thandi@gov.sz").await.status, app::domain::RegistrationStatus::Approved);
    let mails = app.wait_for_mail(4).await;
    let approved = mails.iter().find(|m| m.contains("To: thandi@gov.sz") && m.contains("text/calendar")).expect("approval with .ics");
    assert!(approved.contains("Content-Type: text/plain") && approved.contains("Content-Type: text/html"));
    assert!(approved.contains("filename=\"midsa-meeting-"));
    // Withdrawing frees the place... for nobody yet (the second has not confirmed).
    let res = sec.post_raw("/api/registration/withdraw", &[("id", &thandi.id.to_string())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(registration_by_email(&app, "thandi@gov.sz").await.status, app::domain::RegistrationStatus::Withdrawn);
    // The public list shows approved, consenting participants only: now nobody.
    let res = anonymous.post_raw("/api/registration/participants", &[("meeting_id", &m)]).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap(), serde_json::json!([]));
    assert_eq!(anonymous.get(&format!("/meetings/{m}/participants")).await.status(), StatusCode::OK);
    assert_eq!(anonymous.get(&format!("/meetings/{m}/register")).await.status(), StatusCode::OK);
    let s = registration_settings::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(s.capacity, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_form_without_javascript_redirects_to_thanks_or_back_with_errors() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = open_meeting(&sec, "10").await;
    let s = app.client();
    let referer = format!("{}/meetings/{m}/register", app.base);
    let post = |fields: Vec<(&str, &str)>| {
        let body: Vec<(String, String)> = fields.into_iter().map(|(k, v)| (format!("form[{k}]"), v.to_string())).collect();
        s.client
            .post(format!("{}/api/registration/register", app.base))
            .header("Accept", "text/html")
            .header("Referer", &referer)
            .form(&body)
            .send()
    };
    let res = post(vec![("meeting_id", &m), ("email", "bad")]).await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let loc = res.headers()["location"].to_str().unwrap().to_string();
    assert!(loc.contains(&format!("/meetings/{m}/register?")) && loc.contains("__err="), "{loc}");
    let page = s.client.get(&loc).header("Accept", "text/html").send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("id=\"f-email-error\" class=\"field-error\">Enter a valid email address"),
        "the error is shown next to the field"
    );
    assert!(page.contains("value=\"bad\""), "typed values kept");
    let res = post(person(&m, "nojs@gov.zm", "ZM")).await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], format!("/meetings/{m}/register/thanks"));
    assert_eq!(registration_by_email(&app, "nojs@gov.zm").await.status, app::domain::RegistrationStatus::Unconfirmed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_private_calendar_feed_follows_approval_and_can_be_revoked() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = open_meeting(&sec, "10").await;
    let me = app.signed_in("thandi@gov.sz", Role::Delegate, None).await;
    let anonymous = app.client();
    for path in ["/api/me/registrations", "/api/me/feed/create", "/api/me/feed/revoke"] {
        assert_eq!(anonymous.post_raw(path, &[]).await.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    assert_eq!(anonymous.get("/me").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sec.post("/api/registration/register", &person(&m, "thandi@gov.sz", "SZ")).await.status(), StatusCode::OK);
    let res = me.post_raw("/api/me/feed/create", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let link: String = res.json().await.unwrap();
    let path = link.strip_prefix(&app.base).expect("an absolute link on this site").to_string();
    assert!(path.starts_with("/feeds/") && path.ends_with(".ics"));
    // Pending: the feed is valid but empty.
    let body = anonymous.get(&path).await.text().await.unwrap();
    assert!(body.starts_with("BEGIN:VCALENDAR") && !body.contains("BEGIN:VEVENT"), "{body}");
    let id = registration_by_email(&app, "thandi@gov.sz").await.id.to_string();
    assert_eq!(
        sec.post("/api/registration/decide", &[("meeting_id", m.as_str()), ("ids][0", &id), ("decision", "approve")]).await.status(),
        StatusCode::OK
    );
    let res = anonymous.get(&path).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/calendar; charset=utf-8");
    assert!(res.text().await.unwrap().contains("SUMMARY:Registration meeting"));
    let page = me.get("/me").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Registration meeting"));
    assert_eq!(me.post_raw("/api/me/feed/revoke", &[]).await.status(), StatusCode::OK);
    assert_eq!(anonymous.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(anonymous.get("/feeds/not-a-token.ics").await.status(), StatusCode::NOT_FOUND);
}
