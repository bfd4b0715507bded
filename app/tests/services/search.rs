use crate::support::*;
use app::domain::Role;
use app::features::auth::types::CurrentUser;
use app::features::minutes::service as minutes;
use app::features::minutes::types::{MinutesStepForm, SectionForm};
use app::features::papers::service as papers;
use app::features::papers::types::PaperForm;
use app::features::search::service::search;
use sea_orm::DatabaseConnection;

async fn titles(db: &DatabaseConnection, viewer: Option<&CurrentUser>, q: &str) -> Vec<String> {
    let mut t: Vec<String> = search(db, viewer, q, 50).await.unwrap().into_iter().map(|h| h.title).collect();
    t.sort();
    t
}

fn paper(mid: i32, access: &str, title: &str) -> PaperForm {
    PaperForm {
        meeting_id: mid.to_string(),
        lang: "en".into(),
        access: access.into(),
        title: title.into(),
        body: format!("About remittances: {title}."),
        ..Default::default()
    }
}

/// Runs on SQLite (FTS5) and, with TEST_DATABASE_URL, on PostgreSQL (tsvector): same answers.
#[tokio::test]
async fn search_finds_only_what_the_reader_may_see() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 50, 10, false).await;
    published_agenda(&db, &sec, mid, &[("09:00", "10:00", "Remittances and development")]).await;
    papers::save(&db, &sec, &paper(mid, "public", "Remittance corridors")).await.unwrap();
    papers::save(&db, &sec, &paper(mid, "delegates", "Remittances confidential brief")).await.unwrap();
    papers::save(&db, &sec, &paper(mid, "secretariat", "Remittances internal note")).await.unwrap();
    let draft = meeting(&db, &sec).await; // still a draft meeting: invisible to all but the secretariat
    papers::save(&db, &sec, &paper(draft, "public", "Remittances in a draft meeting")).await.unwrap();
    registered(&db, &sec, mid, "delegate@gov.tz", "delegate", true).await;
    registered(&db, &sec, mid, "head@gov.tz", "head_of_delegation", true).await;
    registered(&db, &sec, mid, "gone@gov.tz", "delegate", false).await;
    let delegate = user(&db, "delegate@gov.tz", Role::Delegate, None).await;
    let head = user(&db, "head@gov.tz", Role::Delegate, None).await;
    let gone = user(&db, "gone@gov.tz", Role::Delegate, None).await;

    let public = vec!["Remittance corridors".to_string(), "Remittances and development".to_string()];
    assert_eq!(titles(&db, None, "remittances").await, public, "whole word and prefix (remittance*)");
    assert_eq!(titles(&db, Some(&gone), "REMIT").await, public, "a withdrawn delegate sees what the public sees");
    let mut delegates = public.clone();
    delegates.push("Remittances confidential brief".into());
    delegates.sort();
    assert_eq!(titles(&db, Some(&delegate), "remit").await, delegates);
    assert_eq!(titles(&db, Some(&sec), "remit").await.len(), 5, "the secretariat sees everything, drafts included");
    assert_eq!(titles(&db, None, "remittances corridors").await, vec!["Remittance corridors"], "every word must match");
    assert!(titles(&db, None, "confidential").await.is_empty(), "a title the reader may not see never appears");
    assert!(titles(&db, None, "internal").await.is_empty());
    // Accents are folded alike on both engines, in the index and in the query.
    assert_eq!(
        (migration::FOLD_FROM, migration::FOLD_TO),
        (app::features::search::service::FOLD_FROM, app::features::search::service::FOLD_TO)
    );
    papers::save(&db, &sec, &paper(mid, "public", "Relatório de Moçambique sobre réfugiés")).await.unwrap();
    for q in ["mocambique", "MOÇAMBIQUE", "Moçamb", "refugies", "relatorio"] {
        assert_eq!(titles(&db, None, q).await, vec!["Relatório de Moçambique sobre réfugiés"], "{q}");
    }
    // Query syntax of either engine is inert.
    for q in ["\"remit", "remit* OR NEAR(", "'; DROP TABLE search_doc; --", "a:* & !b", "***", ""] {
        search(&db, None, q, 50).await.unwrap_or_else(|e| panic!("{q}: {e:?}"));
    }
    // Snippets mark the match.
    let hit = search(&db, None, "corridors", 5).await.unwrap().remove(0);
    assert_eq!(hit.url, format!("/papers/{}", hit.url.trim_start_matches("/papers/")));
    assert!(hit.snippet.iter().any(|(marked, text)| *marked && text.to_lowercase().starts_with("corridor")), "{:?}", hit.snippet);

    // Minutes follow their workflow: draft (secretariat), circulated (heads), adopted (as published).
    minutes::create(&db, &sec, mid).await.unwrap();
    let sf = SectionForm {
        meeting_id: mid.to_string(),
        title: "Xenophobia".into(),
        body: "Discussion of xenophobic incidents.".into(),
        ..Default::default()
    };
    minutes::save_section(&db, &sec, &sf).await.unwrap();
    assert!(titles(&db, Some(&head), "xenophob").await.is_empty());
    assert_eq!(titles(&db, Some(&sec), "xenophob").await, vec!["Xenophobia"]);
    let now = chrono::Utc::now();
    let step = |v: i32, s: &str, access: &str| MinutesStepForm {
        meeting_id: mid.to_string(),
        version: v.to_string(),
        step: s.into(),
        closes_on: "2099-01-01".into(),
        access: access.into(),
    };
    minutes::step(&db, &sec, &step(2, "circulate", ""), now, URL).await.unwrap();
    assert_eq!(titles(&db, Some(&head), "xenophob").await, vec!["Xenophobia"]);
    assert!(titles(&db, Some(&delegate), "xenophob").await.is_empty());
    minutes::step(&db, &sec, &step(3, "adopt", ""), now, URL).await.unwrap();
    assert_eq!(titles(&db, Some(&delegate), "xenophob").await, vec!["Xenophobia"]);
    assert!(titles(&db, None, "xenophob").await.is_empty());
    minutes::step(&db, &sec, &step(4, "access", "public"), now, URL).await.unwrap();
    assert_eq!(titles(&db, None, "xenophob").await, vec!["Xenophobia"]);
}
