//! The server binary's administrative commands.

use app::ssr::entities::{agenda_item, agenda_revision, app_user, meeting, registration};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::process::Command;

fn server(db_url: &str, data_dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_server"));
    c.env("DATABASE_URL", db_url).env("DATA_DIR", data_dir).env("RUST_LOG", "warn");
    c
}

fn tmp() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("midsa-cli-{:016x}", rand::random::<u64>()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_admin_makes_a_secretariat_account_that_can_sign_in() {
    let url = app::ssr::testing::fresh_database_url().await;
    let dir = tmp();
    let out =
        server(&url, &dir).args(["create-admin", "Admin@IOM.int", "First Admin"]).env("MIDSA_ADMIN_PASSWORD", "short").output().unwrap();
    assert!(!out.status.success(), "a short password is refused");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("password: Must be at least 12 characters"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = server(&url, &dir)
        .args(["create-admin", "Admin@IOM.int", "First Admin"])
        .env("MIDSA_ADMIN_PASSWORD", "correct horse battery")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = app::ssr::connect(&url).await.unwrap();
    let (user, _) = app::features::auth::service::login(&db, "admin@iom.int", "correct horse battery", "cli").await.unwrap();
    assert!(user.is_secretariat());
    let out = server(&url, &dir).args(["create-admin"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "usage error");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_loads_the_demo_scenario_once() {
    let url = app::ssr::testing::fresh_database_url().await;
    let dir = tmp();
    let out = server(&url, &dir).arg("seed").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("secretariat@midsa.example"));
    let db = app::ssr::connect(&url).await.unwrap();
    assert_eq!(meeting::Entity::find().count(&db).await.unwrap(), 4);
    let conference = meeting::Entity::find().filter(meeting::Column::Timezone.eq("Africa/Dar_es_Salaam")).one(&db).await.unwrap().unwrap();
    let items = agenda_item::Entity::find().filter(agenda_item::Column::MeetingId.eq(conference.id)).count(&db).await.unwrap();
    assert!((55..=70).contains(&items), "about 60 agenda items, got {items}");
    assert_eq!(agenda_revision::Entity::find().filter(agenda_revision::Column::MeetingId.eq(conference.id)).count(&db).await.unwrap(), 2);
    // The eight demo accounts have passwords; every registered person got an account of their
    // own (without a password until they choose one through the link in their email).
    assert_eq!(app_user::Entity::find().filter(app_user::Column::PasswordHash.is_not_null()).count(&db).await.unwrap(), 8);
    // Migration profiles: at least three states with two published editions each, and the
    // regional table reads them (a state without a profile is missing, not zero).
    let published = app::features::profiles::service::published(&db, None).await.unwrap();
    let states_with_two = app::domain::CountryCode::all().filter(|c| published.iter().filter(|(p, _)| p == c).count() >= 2).count();
    assert!(states_with_two >= 3, "{states_with_two} states with two published editions");
    let table = app::features::profiles::service::regional(&db, None, None, app::domain::Lang::En).await.unwrap();
    assert!(table.rows.iter().filter(|r| r.value.is_some()).count() >= 4);
    assert!(table.rows.iter().any(|r| r.country.code() == "AO" && r.value.is_none()));
    let people = app::ssr::entities::registration::Entity::find().all(&db).await.unwrap();
    for r in &people {
        assert!(
            app_user::Entity::find().filter(app_user::Column::Email.eq(r.email.as_str())).one(&db).await.unwrap().is_some(),
            "{}",
            r.email
        );
    }
    // A public paper for the conference; adopted, public minutes for the working group, whose
    // decision and recommendation became recommendation drafts; the search index is built.
    assert_eq!(app::ssr::entities::paper::Entity::find().count(&db).await.unwrap(), 1);
    let m = app::ssr::entities::minutes::Entity::find().one(&db).await.unwrap().unwrap();
    assert_eq!((m.status.as_str(), m.access.as_str()), ("adopted", "public"));
    // The working group's Plan of Action: those two drafts coded, eight imported, adopted, two
    // cycles with reports (validated, awaiting review, a draft); the decision is found twice
    // (the minutes and the adopted recommendation).
    assert_eq!(app::ssr::entities::recommendation::Entity::find().count(&db).await.unwrap(), 10);
    let plan = app::features::plan::service::find_plan(&db, m.meeting_id).await.unwrap().unwrap();
    assert_eq!((plan.status.as_str(), plan.public_status, plan.public_narratives), ("adopted", true, false));
    assert_eq!(app::ssr::entities::reporting_cycle::Entity::find().count(&db).await.unwrap(), 2);
    assert_eq!(app::ssr::entities::progress_report::Entity::find().count(&db).await.unwrap(), 10);
    assert_eq!(app::features::search::service::search(&db, None, "glossary", 5).await.unwrap().len(), 2);
    let regs = registration::Entity::find().filter(registration::Column::MeetingId.eq(conference.id)).all(&db).await.unwrap();
    assert_eq!(regs.len(), 17);
    assert_eq!(regs.iter().filter(|r| r.status == app::domain::RegistrationStatus::Approved).count(), 13);
    let again = server(&url, &dir).arg("seed").output().unwrap();
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("not loaded"));
    assert_eq!(meeting::Entity::find().count(&db).await.unwrap(), 4);
}
