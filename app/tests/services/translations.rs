use crate::support::*;
use app::domain::{ErrorCode, Lang, Role};
use app::features::agenda::service as agenda;
use app::features::agenda::service::localise_agenda;
use app::features::agenda::types::{ItemForm, PublishForm, SessionForm};
use app::features::meetings::service as meetings;
use app::features::meetings::service::localise_detail;
use app::features::meetings::types::MeetingForm;
use app::features::translations::service::{self, title_in};
use app::features::translations::types::{TextKind, TextStatus, TranslationForm};
use app::ssr::entities::agenda_item;
use app::ssr::ServiceError;
use sea_orm::{DatabaseConnection, EntityTrait};

/// A meeting (English, with French as a second working language) whose agenda has one session
/// and one item, published once. Returns (meeting, session, item).
async fn published_meeting(db: &DatabaseConnection, sec: &app::features::auth::types::CurrentUser) -> (i32, i32, i32) {
    let m = meeting(db, sec).await;
    meetings::transition(db, sec, m, "1", "announced").await.unwrap();
    let s = agenda::save_session(
        db,
        sec,
        &SessionForm { meeting_id: m.to_string(), day: "2026-12-08".into(), title: "Opening".into(), ..Default::default() },
    )
    .await
    .unwrap();
    let i = agenda::save_item(
        db,
        sec,
        &ItemForm {
            meeting_id: m.to_string(),
            session_id: s.to_string(),
            start: "09:00".into(),
            end: "09:30".into(),
            title: "Welcome".into(),
            description: "Opening **remarks**".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    agenda::publish(db, sec, &PublishForm { meeting_id: m.to_string(), note: "First".into() }).await.unwrap();
    (m, s, i)
}

fn form(m: i32, lang: &str, pairs: &[(String, &str)]) -> TranslationForm {
    TranslationForm {
        meeting_id: m.to_string(),
        lang: lang.into(),
        keys: pairs.iter().map(|(k, _)| k.clone()).collect(),
        texts: pairs.iter().map(|(_, t)| t.to_string()).collect(),
        bases: vec![],
        sources: vec![],
    }
}

#[tokio::test]
async fn readers_see_their_language_or_the_original_with_a_note_and_outdated_translations_fall_back() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let (m, s, i) = published_meeting(&db, &sec).await;

    let bench = service::workbench(&db, &sec, m, "fr").await.unwrap();
    let kinds: Vec<TextKind> = bench.entries.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![TextKind::MeetingTitle, TextKind::MeetingDescription, TextKind::SessionTitle, TextKind::ItemTitle, TextKind::ItemDescription]
    );
    assert!(bench.entries.iter().all(|e| e.status == TextStatus::Missing));

    let saved = service::save(
        &db,
        &sec,
        &form(
            m,
            "fr",
            &[
                (format!("meeting:{m}:title"), "Conférence ministérielle du MIDSA"),
                (format!("agenda_item:{i}:title"), "Bienvenue"),
                (format!("agenda_item:{i}:description"), "Allocution d’**ouverture** <script>alert(1)</script>"),
                (format!("agenda_session:{s}:title"), ""),
            ],
        ),
    )
    .await
    .unwrap();
    assert_eq!(saved, 3, "an empty text with no translation changes nothing");

    // The meeting page in French: translated title, original description with a note.
    let mut d = meetings::detail(&db, None, m).await.unwrap();
    localise_detail(&db, &mut d, Lang::Fr).await.unwrap();
    assert_eq!(d.shown_title, "Conférence ministérielle du MIDSA");
    assert_eq!(d.title, "MIDSA Ministerial Conference", "the editable original is untouched");
    assert_eq!(d.original_lang, Some(Lang::En));
    // In English nothing is translated and nothing is flagged.
    let mut en = meetings::detail(&db, None, m).await.unwrap();
    localise_detail(&db, &mut en, Lang::En).await.unwrap();
    assert_eq!((en.shown_title.as_str(), en.original_lang), ("MIDSA Ministerial Conference", None));

    // The agenda in French: the item translated (Markdown rendered and sanitised), the session not.
    let mut a = agenda::published(&db, None, m, None).await.unwrap();
    localise_agenda(&db, &mut a, Lang::Fr).await.unwrap();
    let session = &a.revision.as_ref().unwrap().agenda.days[0].sessions[0];
    assert_eq!((session.title.as_str(), session.original_lang), ("Opening", Some(Lang::En)));
    let item = &session.items[0];
    assert_eq!((item.title.as_str(), item.original_lang), ("Bienvenue", None));
    assert!(item.description_html.contains("<strong>ouverture</strong>"), "{}", item.description_html);
    assert!(!item.description_html.contains("<script"), "{}", item.description_html);
    assert_eq!(a.meeting.title, "Conférence ministérielle du MIDSA");
    // The agenda page's own path (each revision parsed once and shared) translates alike, the
    // first time and from the kept revision; the kept revision itself stays in English.
    let frozen = app::ssr::memo::Frozen::default();
    for _ in 0..2 {
        let mut p = agenda::published_page(&db, &frozen, None, m, None).await.unwrap();
        localise_agenda(&db, &mut p, Lang::Fr).await.unwrap();
        assert_eq!(p, a);
    }
    let mut en = agenda::published_page(&db, &frozen, None, m, None).await.unwrap();
    localise_agenda(&db, &mut en, Lang::En).await.unwrap();
    let en_item = &en.revision.as_ref().unwrap().agenda.days[0].sessions[0].items[0];
    assert_eq!((en_item.title.as_str(), en_item.original_lang), ("Welcome", None));
    assert!(!en_item.description_html.contains("ouverture"), "{}", en_item.description_html);

    // Emails use the recipient's language.
    let model = app::ssr::entities::meeting::Entity::find_by_id(m).one(&db).await.unwrap().unwrap();
    assert_eq!(title_in(&db, &model, Lang::Fr).await.unwrap(), "Conférence ministérielle du MIDSA");
    assert_eq!(title_in(&db, &model, Lang::Pt).await.unwrap(), "MIDSA Ministerial Conference");

    // The item's English title changes and is republished: the French one is outdated, readers
    // get the original with a note, and the secretariat sees it as outdated.
    let row = agenda_item::Entity::find_by_id(i).one(&db).await.unwrap().unwrap();
    agenda::save_item(
        &db,
        &sec,
        &ItemForm {
            meeting_id: m.to_string(),
            id: i.to_string(),
            version: row.version.to_string(),
            session_id: s.to_string(),
            start: "09:00".into(),
            end: "09:30".into(),
            title: "Welcome and introductions".into(),
            description: "Opening **remarks**".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    agenda::publish(&db, &sec, &PublishForm { meeting_id: m.to_string(), note: "Retitled".into() }).await.unwrap();
    let mut a = agenda::published(&db, None, m, None).await.unwrap();
    localise_agenda(&db, &mut a, Lang::Fr).await.unwrap();
    let item = &a.revision.as_ref().unwrap().agenda.days[0].sessions[0].items[0];
    assert_eq!((item.title.as_str(), item.original_lang), ("Welcome and introductions", Some(Lang::En)));
    let o = service::overview(&db, &sec, m).await.unwrap();
    let st = |kind: TextKind| o.rows.iter().find(|r| r.kind == kind).unwrap().statuses.clone();
    assert_eq!(st(TextKind::ItemTitle), vec![(Lang::En, TextStatus::Original), (Lang::Fr, TextStatus::Outdated)]);
    assert_eq!(st(TextKind::MeetingTitle), vec![(Lang::En, TextStatus::Original), (Lang::Fr, TextStatus::Translated)]);
    assert_eq!(st(TextKind::SessionTitle), vec![(Lang::En, TextStatus::Original), (Lang::Fr, TextStatus::Missing)]);
    // Missing or outdated: meeting description, session title, item title.
    assert_eq!(o.to_do, vec![(Lang::Fr, 3)]);

    // Emptying a translation removes it.
    assert_eq!(service::save(&db, &sec, &form(m, "fr", &[(format!("meeting:{m}:title"), "  ")])).await.unwrap(), 1);
    let mut d = meetings::detail(&db, None, m).await.unwrap();
    localise_detail(&db, &mut d, Lang::Fr).await.unwrap();
    assert_eq!(d.shown_title, "MIDSA Ministerial Conference");
}

#[tokio::test]
async fn only_the_secretariat_translates_and_a_bad_text_saves_nothing() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let (m, _s, i) = published_meeting(&db, &sec).await;
    let fp = user(&db, "fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let delegate = user(&db, "d@gov.tz", Role::Delegate, None).await;
    for who in [&fp, &delegate] {
        assert!(matches!(service::overview(&db, who, m).await, Err(ServiceError::Forbidden)));
        assert!(matches!(service::workbench(&db, who, m, "fr").await, Err(ServiceError::Forbidden)));
        let f = form(m, "fr", &[(format!("meeting:{m}:title"), "Titre")]);
        assert!(matches!(service::save(&db, who, &f).await, Err(ServiceError::Forbidden)));
    }
    // Portuguese is not a working language of this meeting, English is its source.
    assert!(matches!(service::workbench(&db, &sec, m, "pt").await, Err(ServiceError::NotFound)));
    assert!(matches!(service::workbench(&db, &sec, m, "en").await, Err(ServiceError::NotFound)));
    let e = service::save(&db, &sec, &form(m, "pt", &[(format!("meeting:{m}:title"), "Título")])).await.unwrap_err();
    assert_eq!(code(e, "lang"), ErrorCode::NotWorkingLanguage);
    let e = service::save(&db, &sec, &form(m, "en", &[(format!("meeting:{m}:title"), "Title")])).await.unwrap_err();
    assert_eq!(code(e, "lang"), ErrorCode::InvalidChoice);

    // A good text, an unknown text, another meeting's item and a title too long: each bad
    // one reported on its field, and nothing saved.
    let other = meeting(&db, &sec).await;
    let other_item = {
        let s = agenda::save_session(
            &db,
            &sec,
            &SessionForm { meeting_id: other.to_string(), day: "2026-12-08".into(), title: "X".into(), ..Default::default() },
        )
        .await
        .unwrap();
        agenda::save_item(
            &db,
            &sec,
            &ItemForm {
                meeting_id: other.to_string(),
                session_id: s.to_string(),
                start: "10:00".into(),
                end: "11:00".into(),
                title: "Y".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
    };
    let long = "é".repeat(301);
    let e = service::save(
        &db,
        &sec,
        &form(
            m,
            "fr",
            &[
                (format!("meeting:{m}:title"), "Titre"),
                ("agenda_item:999999:title".into(), "Rien"),
                (format!("agenda_item:{other_item}:title"), "Autre"),
                (format!("agenda_item:{i}:title"), &long),
            ],
        ),
    )
    .await
    .unwrap_err();
    assert_eq!(fields(e), vec!["text-1", "text-2", "text-3"]);
    let bench = service::workbench(&db, &sec, m, "fr").await.unwrap();
    assert!(bench.entries.iter().all(|e| e.text.is_empty() && e.status == TextStatus::Missing), "nothing was saved");
    // Unpaired keys and texts are refused.
    let mut f = form(m, "fr", &[(format!("meeting:{m}:title"), "Titre")]);
    f.texts.push("extra".into());
    assert_eq!(fields(service::save(&db, &sec, &f).await.unwrap_err()), vec!["keys"]);
}

#[tokio::test]
async fn the_source_language_is_a_working_language() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let bad = MeetingForm { source_lang: "pt".into(), ..meeting_form() };
    let e = meetings::create(&db, &sec, &bad).await.unwrap_err();
    assert_eq!(code(e, "source_lang"), ErrorCode::NotWorkingLanguage);
    let bad = MeetingForm { source_lang: "de".into(), ..meeting_form() };
    assert_eq!(code(meetings::create(&db, &sec, &bad).await.unwrap_err(), "source_lang"), ErrorCode::InvalidChoice);
    let fr = MeetingForm { source_lang: "fr".into(), ..meeting_form() };
    let id = meetings::create(&db, &sec, &fr).await.unwrap();
    let d = meetings::detail(&db, Some(&sec), id).await.unwrap();
    assert_eq!(d.source_lang, Lang::Fr);
    // Its translation page is the English one.
    let bench = service::workbench(&db, &sec, id, "en").await.unwrap();
    assert_eq!(bench.source_lang, Lang::Fr);
    assert!(matches!(service::workbench(&db, &sec, id, "fr").await, Err(ServiceError::NotFound)));
}

/// The error code reported on `field`.
fn code(e: ServiceError, field: &str) -> ErrorCode {
    match e {
        ServiceError::Validation(f) => f.get(field).unwrap_or_else(|| panic!("no error on {field}: {f:?}")).code.clone(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Two translators on one language: each page sends back the version of every text it started
/// from. A text only the other one changed is kept as they left it; a text both changed is
/// refused with what it now says, nothing of that save is written, and saving again (with the
/// version the refusal gave) replaces it knowingly.
#[tokio::test]
async fn two_translators_never_overwrite_each_other_unknowingly() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let other = user(&db, "sec2@iom.example", Role::Secretariat, None).await;
    let (m, _s, i) = published_meeting(&db, &sec).await;
    let title = format!("meeting:{m}:title");
    let item = format!("agenda_item:{i}:title");
    service::save(&db, &sec, &form(m, "fr", &[(title.clone(), "Conférence"), (item.clone(), "Bienvenue")])).await.unwrap();

    // Both open the French page.
    let page = |bench: &app::features::translations::types::WorkbenchData, edits: &[(&str, &str)]| {
        let mut f = TranslationForm { meeting_id: m.to_string(), lang: "fr".into(), ..Default::default() };
        for e in &bench.entries {
            f.keys.push(e.key.clone());
            f.texts.push(edits.iter().find(|(k, _)| *k == e.key).map(|(_, t)| t.to_string()).unwrap_or(e.text.clone()));
            f.bases.push(e.base.clone());
            f.sources.push(e.source_digest.clone());
        }
        f
    };
    let a = service::workbench(&db, &sec, m, "fr").await.unwrap();
    let b = service::workbench(&db, &other, m, "fr").await.unwrap();
    assert!(a.entries.iter().find(|e| e.key == title).is_some_and(|e| !e.base.is_empty()));
    assert!(a.entries.iter().find(|e| e.key == format!("meeting:{m}:description")).is_some_and(|e| e.base.is_empty()));

    // B retitles the meeting and saves first.
    service::save(&db, &other, &page(&b, &[(&title, "Conférence ministérielle")])).await.unwrap();
    // A changes only the item: B's title is kept, A's item saved.
    assert_eq!(service::save(&db, &sec, &page(&a, &[(&item, "Accueil")])).await.unwrap(), 1);
    let now = service::workbench(&db, &sec, m, "fr").await.unwrap();
    let text = |d: &app::features::translations::types::WorkbenchData, k: &str| d.entries.iter().find(|e| e.key == k).unwrap().text.clone();
    assert_eq!((text(&now, &title), text(&now, &item)), ("Conférence ministérielle".to_string(), "Accueil".to_string()));

    // A, still on the old page, also changes the title: refused on that field with B's text;
    // the description A filled in meanwhile is not saved either.
    let description = format!("meeting:{m}:description");
    let stale = page(&a, &[(&title, "Conférence des ministres"), (&description, "Une description")]);
    let base = match service::save(&db, &sec, &stale).await {
        Err(ServiceError::Validation(e)) => {
            assert_eq!(e.0.len(), 1, "{e:?}");
            match &e.0[0].code {
                ErrorCode::ChangedMeanwhile { current, base } => {
                    assert_eq!(current, "Conférence ministérielle");
                    assert_eq!(e.0[0].field, "text-0");
                    base.clone()
                }
                other => panic!("{other:?}"),
            }
        }
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert!(text(&service::workbench(&db, &sec, m, "fr").await.unwrap(), &description).is_empty(), "nothing of it saved");
    // Typing exactly what it now says is no conflict.
    let same = page(&a, &[(&title, "Conférence ministérielle")]);
    service::save(&db, &sec, &same).await.unwrap();
    // Saving again with the version the refusal gave replaces it.
    let mut again = stale.clone();
    again.bases[0] = base;
    // The item's version on A's old page is stale too, but A left the item untouched: the
    // "Accueil" saved since is kept, not reverted to the "Bienvenue" the page showed.
    service::save(&db, &sec, &again).await.unwrap();
    let now = service::workbench(&db, &sec, m, "fr").await.unwrap();
    assert_eq!(text(&now, &title), "Conférence des ministres");
    assert_eq!(text(&now, &description), "Une description");
    assert_eq!(text(&now, &item), "Accueil", "an untouched text is never reverted to what the page showed");

    // The other removes a translation, and fills in one that was empty when A's page was
    // made: A's page, untouched there, keeps both as the other left them; A typing over them
    // is refused ("removed" says so).
    let a2 = service::workbench(&db, &sec, m, "fr").await.unwrap();
    let b2 = service::workbench(&db, &other, m, "fr").await.unwrap();
    let session = b2.entries.iter().find(|e| e.key.starts_with("agenda_session:")).unwrap().key.clone();
    assert!(text(&b2, &session).is_empty());
    service::save(&db, &other, &page(&b2, &[(&item, ""), (&session, "Ouverture")])).await.unwrap();
    service::save(&db, &sec, &page(&a2, &[(&description, "Une autre description")])).await.unwrap();
    let now = service::workbench(&db, &sec, m, "fr").await.unwrap();
    assert_eq!((text(&now, &item), text(&now, &session)), (String::new(), "Ouverture".to_string()));
    assert_eq!(text(&now, &description), "Une autre description");
    match service::save(&db, &sec, &page(&a2, &[(&item, "Accueil bis"), (&session, "Séance d’ouverture")])).await {
        Err(ServiceError::Validation(e)) => {
            let codes: Vec<_> = e.0.iter().map(|f| (f.field.clone(), f.code.clone())).collect();
            let at = |key: &str| format!("text-{}", a2.entries.iter().position(|x| x.key == key).unwrap());
            assert!(
                codes
                    .iter()
                    .any(|(f, c)| *f == at(&item) && matches!(c, ErrorCode::ChangedMeanwhile { current, .. } if current.is_empty())),
                "{codes:?}"
            );
            assert!(
                codes
                    .iter()
                    .any(|(f, c)| *f == at(&session) && matches!(c, ErrorCode::ChangedMeanwhile { current, .. } if current == "Ouverture")),
                "{codes:?}"
            );
            assert_eq!(codes.len(), 2);
            assert!(app::domain::FieldError::new("x", codes[0].1.clone()).message.starts_with("Someone else"));
        }
        other => panic!("expected refusals, got {other:?}"),
    }

    // A reworded original: the translation is outdated, and saving the page without touching
    // it does not mark it up to date (only a changed text is); a text changed on a page made
    // before the rewording is marked as made from the wording that page showed, so it stays
    // outdated too.
    let before = service::workbench(&db, &sec, m, "fr").await.unwrap();
    meetings::update(
        &db,
        &sec,
        &MeetingForm {
            id: m.to_string(),
            version: app::ssr::entities::meeting::Entity::find_by_id(m).one(&db).await.unwrap().unwrap().version.to_string(),
            title: "MIDSA Ministerial Conference 2027".into(),
            ..meeting_form()
        },
    )
    .await
    .unwrap();
    let after = service::workbench(&db, &sec, m, "fr").await.unwrap();
    let status = |d: &app::features::translations::types::WorkbenchData, k: &str| d.entries.iter().find(|e| e.key == k).unwrap().status;
    assert_eq!(status(&after, &title), TextStatus::Outdated);
    service::save(&db, &sec, &page(&after, &[(&session, "Séance d’ouverture")])).await.unwrap();
    assert_eq!(status(&service::workbench(&db, &sec, m, "fr").await.unwrap(), &title), TextStatus::Outdated, "untouched: still outdated");
    service::save(&db, &sec, &page(&before, &[(&title, "Conférence ministérielle 2027")])).await.unwrap();
    let now = service::workbench(&db, &sec, m, "fr").await.unwrap();
    assert_eq!((text(&now, &title), status(&now, &title)), ("Conférence ministérielle 2027".to_string(), TextStatus::Outdated));
    service::save(&db, &sec, &page(&now, &[(&title, "Conférence ministérielle du MIDSA 2027")])).await.unwrap();
    assert_eq!(status(&service::workbench(&db, &sec, m, "fr").await.unwrap(), &title), TextStatus::Translated);

    // A page without versions (a program setting texts) writes what it is given.
    service::save(&db, &other, &form(m, "fr", &[(title.clone(), "Titre imposé")])).await.unwrap();
    assert_eq!(text(&service::workbench(&db, &sec, m, "fr").await.unwrap(), &title), "Titre imposé");
    // Versions, when given, come one per text.
    let mut short = page(&now, &[]);
    short.bases.pop();
    assert!(matches!(service::save(&db, &sec, &short).await, Err(ServiceError::Validation(_))));
}
