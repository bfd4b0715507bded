use crate::helpers::*;
use app::domain::Role;
use app::ssr::entities::{audit_log, meeting};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, QueryOrder};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_meeting_input_is_a_422_with_every_field_and_nothing_saved() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let mut fields = meeting_fields("");
    fields.retain(|(k, _)| *k != "lang_en");
    fields.push(("timezone", "Mars/Base"));
    fields.retain(|(k, v)| *k != "timezone" || *v == "Mars/Base");
    fields.push(("host_country", "KE"));
    fields.retain(|(k, v)| *k != "host_country" || *v == "KE");
    let res = sec.post("/api/meetings/save", &fields).await;
    assert_eq!(error_fields(res).await, vec!["title", "host_country", "timezone", "languages"]);
    assert_eq!(app.count(meeting::Entity).await, 0);
    // Junk that is not even a form: 400, not 500.
    let res = sec
        .client
        .post(format!("{}/api/meetings/save", app.base))
        .body("%%%")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_edit_and_change_status_with_audit() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let id = create_meeting(&sec, "Audit me").await;
    let mut edit = meeting_fields("Audit me, renamed");
    let id_s = id.to_string();
    edit.retain(|(k, _)| *k != "id");
    edit.push(("id", &id_s));
    edit.push(("version", "1"));
    assert_eq!(sec.post("/api/meetings/save", &edit).await.status(), StatusCode::OK);
    // The same stale version again: conflict.
    let res = sec.post("/api/meetings/save", &edit).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = sec.post("/api/meetings/status", &[("id", &id_s), ("version", "2"), ("to", "held")]).await;
    assert_eq!(error_fields(res).await, vec!["to"]);
    let res = sec.post("/api/meetings/status", &[("id", &id_s), ("version", "2"), ("to", "announced")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let log = audit_log::Entity::find().order_by_asc(audit_log::Column::Id).all(&app.db).await.unwrap();
    let actions: Vec<&str> = log.iter().filter(|l| l.entity == "meeting").map(|l| l.action.as_str()).collect();
    assert_eq!(actions, vec!["meeting.create", "meeting.update", "meeting.status"]);
    assert!(log.iter().filter(|l| l.entity == "meeting").all(|l| l.actor_email == "sec@iom.example"));
    // Now public: anonymous visitors see it.
    let page = app.client().get(&format!("/meetings/{id}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Audit me, renamed"));
    // The audit log is browsable by the secretariat, filtered by entity.
    let res = sec.post_raw("/api/audit/list", &[("entity", "meeting")]).await;
    let page: serde_json::Value = res.json().await.unwrap();
    assert_eq!(page["entries"].as_array().unwrap().len(), 3);
    assert_eq!(page["entries"][0]["action"], "meeting.status");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_no_javascript_create_redirects_to_the_new_meeting_or_back_with_errors() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let post = |fields: Vec<(&str, &str)>| {
        let body: Vec<(String, String)> = fields.into_iter().map(|(k, v)| (format!("form[{k}]"), v.to_string())).collect();
        sec.client
            .post(format!("{}/api/meetings/save", app.base))
            .header("Accept", "text/html")
            .header("Referer", format!("{}/meetings/new", app.base))
            .form(&body)
            .send()
    };
    let res = post(meeting_fields("")).await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let loc = res.headers().get("location").unwrap().to_str().unwrap().to_string();
    assert!(loc.starts_with(&format!("{}/meetings/new?", app.base)) && loc.contains("__err="), "{loc}");
    // The page it redirects to shows the error next to the field, with the typed values.
    let page = sec.client.get(&loc).header("Accept", "text/html").send().await.unwrap().text().await.unwrap();
    assert!(page.contains("This field is required."), "error shown");
    assert!(page.contains("value=\"Hotel Polana\""), "typed values kept");
    let res = post(meeting_fields("No-JS meeting")).await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let loc = res.headers().get("location").unwrap().to_str().unwrap();
    assert!(loc.starts_with("/meetings/"), "{loc}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agenda_items_validate_and_publish() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = create_meeting(&sec, "Agenda meeting").await.to_string();
    let res = sec.post("/api/agenda/sessions/save", &[("meeting_id", &m), ("day", "2027-04-01"), ("title", "Out of range")]).await;
    assert_eq!(error_fields(res).await, vec!["day"]);
    let s: i32 = sec
        .post("/api/agenda/sessions/save", &[("meeting_id", &m), ("day", "2027-03-10"), ("title", "Opening")])
        .await
        .json()
        .await
        .unwrap();
    let s = s.to_string();
    let item = |start: &'static str, end: &'static str, title: &'static str| {
        vec![("meeting_id", m.clone()), ("session_id", s.clone()), ("start", start.into()), ("end", end.into()), ("title", title.into())]
    };
    assert_eq!(sec.post("/api/agenda/items/save", &refs(&item("09:00", "10:00", "Keynote"))).await.status(), StatusCode::OK);
    let res = sec.post("/api/agenda/items/save", &refs(&item("09:30", "09:45", "Clash"))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["fields"][0]["code"], "overlap");
    assert_eq!(body["fields"][0]["with"], "Keynote");
    let res = sec.post("/api/agenda/items/save", &refs(&item("10:00", "09:00", ""))).await;
    assert_eq!(error_fields(res).await, vec!["end", "title"]);
    // Markup typed into an item's texts is shown as text (the agenda is written as HTML text).
    let mut hostile = item("11:00", "11:30", "<img src=x onerror=alert(1)> & \"more\"");
    hostile.push(("room", "<b>Hall</b>".into()));
    hostile.push(("description", "A **bold** note".into()));
    assert_eq!(sec.post("/api/agenda/items/save", &refs(&hostile)).await.status(), StatusCode::OK);
    assert_eq!(sec.post("/api/agenda/publish", &[("meeting_id", &m), ("note", "first")]).await.json::<i32>().await.unwrap(), 1);
    let res = sec.post("/api/agenda/publish", &[("meeting_id", &m), ("note", "again")]).await;
    assert_eq!(error_fields(res).await, vec!["note"]);
    let page = sec.get(&format!("/meetings/{m}/agenda")).await.text().await.unwrap();
    assert!(page.contains("Keynote") && page.contains("Revision 1"));
    // The agenda is in the page's HTML once (pages carry no hydration data); its server
    // function has it too.
    assert_eq!(page.matches("Keynote").count(), 1, "{page}");
    assert!(page.contains("<span>Keynote</span>"), "{page}");
    assert!(page.contains("<span>&lt;img src=x onerror=alert(1)&gt; &amp; \"more\"</span>"), "{page}");
    assert!(page.contains("Room: &lt;b&gt;Hall&lt;/b&gt;"), "{page}");
    assert!(!page.contains("<img src=x") && !page.contains("<b>Hall"), "{page}");
    assert!(page.contains("<strong>bold</strong>") && !page.contains("A **bold** note"), "{page}");
    // Islands mode: the agenda's one island is the reader's time zone, and no resource's data is
    // written into the page (nothing outside an island is hydrated).
    assert_eq!(page.matches("<leptos-island").count(), 1, "{page}");
    assert!(page.contains("data-component=\"DetectTimeZone_"), "{page}");
    assert!(!page.contains("__RESOLVED_RESOURCES["), "{page}");
    // Given a zone in the address, there is nothing to detect.
    let chosen = sec.get(&format!("/meetings/{m}/agenda?tz=Europe/Paris")).await.text().await.unwrap();
    assert!(!chosen.contains("<leptos-island"), "{chosen}");
    // The meeting page has no island; the live page one that reads its marked part again.
    let meeting = sec.get(&format!("/meetings/{m}")).await.text().await.unwrap();
    assert!(!meeting.contains("<leptos-island") && !meeting.contains("__RESOLVED_RESOURCES["), "{meeting}");
    let live = sec.get(&format!("/meetings/{m}/live")).await.text().await.unwrap();
    assert_eq!(live.matches("<leptos-island").count(), 1, "{live}");
    assert!(live.contains("data-component=\"AutoRefresh_") && live.contains("data-refresh=\"30\""), "{live}");
    let data = sec.post_raw("/api/agenda/get", &[("meeting_id", &m)]).await.text().await.unwrap();
    assert!(data.contains("\"title\":\"Keynote\""), "{data}");
    // The server function's own response has each description as HTML only (the page shows
    // that), every time (its copy is stripped, never the kept revision: the page above had
    // already kept it); the JSON API, which reads the row itself, keeps both.
    for _ in 0..2 {
        let data = sec.post_raw("/api/agenda/get", &[("meeting_id", &m)]).await.text().await.unwrap();
        assert!(data.contains("<strong>bold</strong>") && !data.contains("A **bold** note"), "{data}");
    }
    let api = sec.get(&format!("/api/v1/meetings/{m}/agenda")).await.text().await.unwrap();
    assert!(api.contains("A **bold** note") && api.contains("<strong>bold</strong>"), "{api}");
    let data = sec.post_raw("/api/agenda/get", &[("meeting_id", &m)]).await.text().await.unwrap();
    assert!(data.contains("<strong>bold</strong>") && !data.contains("A **bold** note"), "{data}");
    assert_eq!(sec.get(&format!("/meetings/{m}/agenda?rev=5")).await.status(), StatusCode::NOT_FOUND);
}

fn refs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_follow_the_readers_language_and_time_zone() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let fields = [meeting_fields("Senior officials meeting on labour migration"), vec![("lang_fr", "on"), ("lang_pt", "on")]].concat();
    let m: i32 = sec.post("/api/meetings/save", &fields).await.json().await.unwrap();
    let mid = m.to_string();
    announce(&sec, m, "1").await;
    let s: i32 = sec
        .post("/api/agenda/sessions/save", &[("meeting_id", &mid), ("day", "2027-03-10"), ("title", "Opening")])
        .await
        .json()
        .await
        .unwrap();
    let res = sec
        .post(
            "/api/agenda/items/save",
            &[
                ("meeting_id", &mid),
                ("session_id", &s.to_string()),
                ("start", "09:00"),
                ("end", "09:30"),
                ("title", "Welcome"),
                ("description", "Opening **remarks**"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let item: i32 = res.json().await.unwrap();
    assert_eq!(sec.post("/api/agenda/publish", &[("meeting_id", &mid), ("note", "First")]).await.status(), StatusCode::OK);
    // The agenda is read once in English before anything is translated (the revision is then
    // kept, parsed, for every later reader).
    assert!(sec.get(&format!("/meetings/{m}/agenda")).await.text().await.unwrap().contains("<strong>remarks</strong>"));

    // The French title, as a plain browser form post: redirected to the overview.
    let key = format!("meeting:{m}:title");
    let res = sec
        .client
        .post(format!("{}/api/translations/save", app.base))
        .header("Accept", "text/html")
        .header("Referer", format!("{}/meetings/{m}/translations/fr", app.base))
        .form(&[
            ("form[meeting_id]", mid.as_str()),
            ("form[lang]", "fr"),
            ("form[keys][0]", key.as_str()),
            ("form[texts][0]", "Réunion des hauts fonctionnaires sur les migrations de main-d’œuvre"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], format!("/meetings/{m}/translations?saved=fr"));
    // A bad key is a field error, and the JSON answer names the field.
    let res = sec
        .post_raw(
            "/api/translations/save",
            &[("form[meeting_id]", &mid), ("form[lang]", "fr"), ("form[keys][0]", "meeting:999:title"), ("form[texts][0]", "x")],
        )
        .await;
    assert_eq!(error_fields(res).await, ["text-0"]);
    // The item in French, title and description.
    let (item_title, item_text) = (format!("agenda_item:{item}:title"), format!("agenda_item:{item}:description"));
    let res = sec
        .post_raw(
            "/api/translations/save",
            &[
                ("form[meeting_id]", &mid),
                ("form[lang]", "fr"),
                ("form[keys][0]", &item_title),
                ("form[texts][0]", "Bienvenue"),
                ("form[keys][1]", &item_text),
                ("form[texts][1]", "Allocutions d’**ouverture**"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let reader = |cookie: &'static str| {
        let client = app.client();
        let base = app.base.clone();
        async move {
            let page = |path: String| {
                let c = client.client.clone();
                let base = base.clone();
                async move { c.get(format!("{base}{path}")).header("Cookie", cookie).send().await.unwrap().text().await.unwrap() }
            };
            (page(format!("/meetings/{m}")).await, page(format!("/meetings/{m}/agenda")).await)
        }
    };
    let (meeting_fr, agenda_fr) = reader("midsa_lang=fr; midsa_tz=Europe/Lisbon").await;
    assert!(meeting_fr.contains("<h1>Réunion des hauts fonctionnaires sur les migrations de main-d’œuvre"), "{meeting_fr}");
    // The description is not translated: shown in English, with the note.
    assert!(meeting_fr.contains("Pas encore disponible dans votre langue\u{a0}: affiché dans l’original (English)."));
    assert!(agenda_fr.contains("Réunion des hauts fonctionnaires"));
    // The item in French on the page, from the revision kept since the English reading above.
    assert!(agenda_fr.contains("Bienvenue") && agenda_fr.contains("<strong>ouverture</strong>"), "{agenda_fr}");
    assert!(!agenda_fr.contains("<strong>remarks</strong>"), "{agenda_fr}");
    // And in the server function's own answer (the browser reading the agenda after a
    // navigation): translated, as HTML only.
    let anon = app.client();
    let data = anon
        .client
        .post(format!("{}/api/agenda/get", app.base))
        .header("Cookie", "midsa_lang=fr")
        .form(&[("meeting_id", mid.as_str())])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(data.contains("\"title\":\"Bienvenue\"") && data.contains("<strong>ouverture</strong>"), "{data}");
    assert!(!data.contains("**ouverture**") && !data.contains("**remarks**"), "{data}");
    // Maputo (UTC+2) 09:00 is 07:00 in Lisbon in March.
    assert!(agenda_fr.contains("Votre heure\u{a0}: 07:00–07:30"), "{agenda_fr}");
    assert!(agenda_fr.contains("Sous chaque heure locale\u{a0}: l’heure à Europe/Lisbon."));
    let (meeting_pt, agenda_pt) = reader("midsa_lang=pt").await;
    assert!(meeting_pt.contains("<h1 lang=\"en\">Senior officials meeting on labour migration"), "{meeting_pt}");
    assert!(meeting_pt.contains("Ainda não disponível na sua língua: mostrado no original (English)."));
    assert!(!agenda_pt.contains("A sua hora"), "no zone given: venue times only");
    // A zone with the venue's offset adds nothing.
    let (_, agenda_same) = reader("midsa_tz=Africa/Harare").await;
    assert!(!agenda_same.contains("Your time"));
    // The English reader still gets the kept English revision.
    assert!(agenda_same.contains("<strong>remarks</strong>") && !agenda_same.contains("Bienvenue"), "{agenda_same}");
}
