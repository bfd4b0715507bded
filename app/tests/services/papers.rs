use crate::support::*;
use app::domain::{Access, Lang, Role};
use app::features::auth::types::CurrentUser;
use app::features::papers::service;
use app::features::papers::types::PaperForm;
use app::ssr::entities::{audit_log, paper, paper_version};
use app::ssr::ServiceError;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

fn form(mid: i32, lang: &str, access: &str, title: &str) -> PaperForm {
    PaperForm {
        meeting_id: mid.to_string(),
        lang: lang.into(),
        access: access.into(),
        title: title.into(),
        body: "## Background\n\n| Flow | 2025 |\n|---|---|\n| Mixed | 12 000 |\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1)) and [IOM](https://www.iom.int)"
            .into(),
        ..Default::default()
    }
}

/// Registers `email` as a delegate and approves (or withdraws) it.
async fn delegate_of(db: &DatabaseConnection, sec: &CurrentUser, mid: i32, email: &str, approve: bool) {
    registered(db, sec, mid, email, "delegate", approve).await;
}

#[tokio::test]
async fn papers_are_validated_sanitised_and_versioned() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = meeting(&db, &sec).await;
    let bad =
        PaperForm { lang: "de".into(), access: "everyone".into(), title: " ".into(), body: "".into(), ..form(mid, "en", "public", "x") };
    assert_eq!(fields(service::save(&db, &sec, &bad).await.unwrap_err()), vec!["lang", "access", "title", "body"]);
    assert_eq!(paper::Entity::find().count(&db).await.unwrap(), 0);
    let id = service::save(&db, &sec, &form(mid, "en", "public", "Mixed migration trends")).await.unwrap();
    let p = service::get(&db, Some(&sec), id).await.unwrap();
    assert!(p.body_html.contains("<table>") && p.body_html.contains("<h2>"));
    assert!(!p.body_html.contains("<script") && !p.body_html.contains("href=\"javascript"), "{}", p.body_html);
    assert!(p.body_html.contains("href=\"https://www.iom.int\""), "legitimate links survive: {}", p.body_html);
    let edit = PaperForm {
        id: id.to_string(),
        version: "1".into(),
        title: "Mixed migration trends 2026".into(),
        ..form(mid, "en", "delegates", "")
    };
    service::save(&db, &sec, &edit).await.unwrap();
    // A stale version is a conflict.
    assert!(matches!(service::save(&db, &sec, &edit).await, Err(ServiceError::Conflict(_))));
    let p = service::get(&db, Some(&sec), id).await.unwrap();
    assert_eq!((p.version, p.access, p.versions.len()), (2, Access::Delegates, 2));
    let (title, _) = service::version(&db, &sec, id, 1).await.unwrap();
    assert_eq!(title, "Mixed migration trends", "earlier versions stay readable");
    assert_eq!(paper_version::Entity::find().count(&db).await.unwrap(), 2);
    assert_eq!(audit_log::Entity::find().filter(audit_log::Column::Entity.eq("paper")).count(&db).await.unwrap(), 2);
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    assert!(matches!(service::save(&db, &fp, &form(mid, "en", "public", "x")).await, Err(ServiceError::Forbidden)));
    assert!(matches!(service::version(&db, &fp, id, 1).await, Err(ServiceError::Forbidden)));
}

#[tokio::test]
async fn translations_are_linked_one_per_language() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 50, 10, false).await;
    let en = service::save(&db, &sec, &form(mid, "en", "public", "Border management")).await.unwrap();
    let fr = service::save(&db, &sec, &PaperForm { translation_of: en.to_string(), ..form(mid, "fr", "public", "Gestion des frontières") })
        .await
        .unwrap();
    let again = PaperForm { translation_of: en.to_string(), ..form(mid, "fr", "public", "Encore") };
    assert_eq!(fields(service::save(&db, &sec, &again).await.unwrap_err()), vec!["lang"]);
    let p = service::get(&db, None, en).await.unwrap();
    assert_eq!(p.translations.iter().map(|t| (t.id, t.lang)).collect::<Vec<_>>(), vec![(fr, Lang::Fr)]);
    assert!(p.versions.is_empty(), "versions are for the secretariat");
}

#[tokio::test]
async fn access_levels_hold_for_every_kind_of_reader() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 50, 10, false).await;
    let other = open_meeting(&db, &sec, 50, 10, false).await;
    let public = service::save(&db, &sec, &form(mid, "en", "public", "Public paper")).await.unwrap();
    let delegates = service::save(&db, &sec, &form(mid, "en", "delegates", "Delegates paper")).await.unwrap();
    let internal = service::save(&db, &sec, &form(mid, "en", "secretariat", "Internal note")).await.unwrap();
    delegate_of(&db, &sec, mid, "approved@gov.tz", true).await;
    delegate_of(&db, &sec, mid, "withdrawn@gov.tz", false).await;
    delegate_of(&db, &sec, other, "elsewhere@gov.tz", true).await;
    let approved = user(&db, "approved@gov.tz", Role::Delegate, None).await;
    let withdrawn = user(&db, "withdrawn@gov.tz", Role::Delegate, None).await;
    let elsewhere = user(&db, "elsewhere@gov.tz", Role::Delegate, None).await;
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    let cases: Vec<(&str, Option<&CurrentUser>, Vec<i32>)> = vec![
        ("anonymous", None, vec![public]),
        ("delegate of another meeting", Some(&elsewhere), vec![public]),
        ("withdrawn delegate", Some(&withdrawn), vec![public]),
        ("focal point", Some(&fp), vec![public]),
        ("approved delegate", Some(&approved), vec![public, delegates]),
        ("secretariat", Some(&sec), vec![public, delegates, internal]),
    ];
    for (who, viewer, expected) in cases {
        let list = service::list(&db, viewer, mid).await.unwrap();
        let listed: Vec<i32> = list.papers.iter().map(|p| p.id).collect();
        assert_eq!(listed, expected, "{who} list");
        // Who may not read the delegates' paper is told that there is one (never about the
        // secretariat's own), and whether to sign in.
        let told = if expected.contains(&delegates) { 0 } else { 1 };
        assert_eq!((list.for_delegates, list.signed_in), (told, viewer.is_some()), "{who} told");
        for id in [public, delegates, internal] {
            let got = service::get(&db, viewer, id).await;
            if expected.contains(&id) {
                assert!(got.is_ok(), "{who} reads {id}");
            } else {
                assert!(matches!(got, Err(ServiceError::NotFound)), "{who} must not learn that paper {id} exists");
            }
        }
    }
    // A draft meeting's papers are invisible to all but the secretariat.
    let draft = meeting(&db, &sec).await;
    let hidden = service::save(&db, &sec, &form(draft, "en", "public", "Draft meeting paper")).await.unwrap();
    assert!(matches!(service::get(&db, None, hidden).await, Err(ServiceError::NotFound)));
    assert!(matches!(service::list(&db, Some(&approved), draft).await, Err(ServiceError::NotFound)));
}
