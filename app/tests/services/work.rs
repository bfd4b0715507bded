//! Each role's work list: what waits for the secretariat and for a focal point, and that it
//! follows what is done.

use crate::support::*;
use app::domain::{Lang, Role};
use app::features::registration::service as reg;
use app::features::registration::types::RegistrationForm;
use app::features::work::service::work;
use app::features::work::types::WorkKind;

fn kinds(items: &[app::features::work::types::WorkItem]) -> Vec<(WorkKind, usize)> {
    items.iter().map(|i| (i.kind, i.count)).collect()
}

#[tokio::test]
async fn each_role_sees_what_waits_for_it_and_it_follows_what_is_done() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 20, 10, true).await;
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    let delegate = user(&db, "someone@gov.zm", Role::Delegate, None).await;
    let now: chrono::DateTime<chrono::Utc> = "2026-11-20T12:00:00Z".parse().unwrap();
    let person = |email: &str, category: &str| RegistrationForm {
        meeting_id: mid.to_string(),
        category: category.into(),
        country: "TZ".into(),
        given_name: "Neema".into(),
        family_name: "Kimaro".into(),
        position: "Director".into(),
        email: email.into(),
        ..Default::default()
    };
    // Nothing yet, for anyone; a delegate has no work list of their own.
    assert!(work(&db, &sec, now).await.unwrap().is_empty());
    assert!(work(&db, &delegate, now).await.unwrap().is_empty());
    // A nomination: the secretariat has it to decide and the note verbale to chase; the focal
    // point has no head of delegation and no note verbale.
    reg::register(&db, Some(&fp), &person("neema@gov.tz", "delegate"), Lang::En, URL, now).await.unwrap();
    let items = work(&db, &sec, now).await.unwrap();
    assert_eq!(kinds(&items), [(WorkKind::RegistrationsToDecide, 1), (WorkKind::NotesVerbalesMissing, 1)]);
    assert_eq!(items[0].link, format!("/meetings/{mid}/registrations"));
    assert_eq!(kinds(&work(&db, &fp, now).await.unwrap()), [(WorkKind::HeadMissing, 1), (WorkKind::NoteVerbaleMissing, 1)]);
    // A self-registration claiming the delegation: the focal point confirms it.
    let r = reg::register(&db, None, &person("claim@gov.tz", "head_of_delegation"), Lang::En, URL, now).await.unwrap();
    reg::confirm(&db, &r.confirm_token.unwrap(), URL, now).await.unwrap();
    assert_eq!(
        kinds(&work(&db, &fp, now).await.unwrap()),
        [(WorkKind::MembersToConfirm, 1), (WorkKind::HeadMissing, 1), (WorkKind::NoteVerbaleMissing, 1)]
    );
    reg::confirm_delegation(&db, &fp, r.id).await.unwrap();
    // The note verbale comes in: off both lists.
    let store = app::ssr::blob::FileStore::new(std::env::temp_dir().join(format!("midsa-work-{}", std::process::id())));
    reg::attach_note(&db, &store, 1024, &fp, mid, "TZ", "nv.pdf", b"%PDF-1.4\n%%EOF\n").await.unwrap();
    assert!(work(&db, &fp, now).await.unwrap().is_empty());
    assert_eq!(kinds(&work(&db, &sec, now).await.unwrap()), [(WorkKind::RegistrationsToDecide, 2)]);
}
