use app::domain::{CountryCode, Role};
use app::features::auth::service::create_user_with_password;
use app::features::auth::types::CurrentUser;
use app::features::meetings::types::MeetingForm;
use app::features::registration::types::SettingsForm;
use app::ssr::entities::app_user;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// A fresh database with the current schema (a copy of one migrated template).
pub async fn db() -> DatabaseConnection {
    let schema: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_string()).collect();
    let url = app::ssr::testing::fresh_migrated_database_url(&schema.join(","), |url| async move {
        let db = app::ssr::connect(&url).await.expect("connect");
        Migrator::up(&db, None).await.expect("migrate");
        db.close().await.expect("closing the template");
    })
    .await;
    app::ssr::connect(&url).await.expect("connect")
}

pub async fn user(db: &DatabaseConnection, email: &str, role: Role, country: Option<&str>) -> CurrentUser {
    let country = country.map(|c| CountryCode::parse("c", c).unwrap());
    create_user_with_password(db, email, "Test User", "a long enough password", role, country).await.expect("create user");
    let u = app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(db).await.unwrap().unwrap();
    app::ssr::auth::to_current_user(&u).unwrap()
}

pub async fn secretariat(db: &DatabaseConnection) -> CurrentUser {
    user(db, "sec@iom.example", Role::Secretariat, None).await
}

pub fn meeting_form() -> MeetingForm {
    MeetingForm {
        kind: "ministerial_conference".into(),
        title: "MIDSA Ministerial Conference".into(),
        description: "Hello **world** <script>alert(1)</script>".into(),
        venue: "JNICC".into(),
        city: "Dar es Salaam".into(),
        host_country: "TZ".into(),
        timezone: "Africa/Dar_es_Salaam".into(),
        start_date: "2026-12-08".into(),
        end_date: "2026-12-10".into(),
        lang_en: Some("on".into()),
        lang_fr: Some("on".into()),
        ..Default::default()
    }
}

pub async fn meeting(db: &DatabaseConnection, actor: &CurrentUser) -> i32 {
    app::features::meetings::service::create(db, actor, &meeting_form()).await.expect("create meeting")
}

/// The field names of a validation error.
pub fn fields(e: app::ssr::ServiceError) -> Vec<String> {
    match e {
        app::ssr::ServiceError::Validation(f) => f.0.into_iter().map(|e| e.field).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// The public URL the services are given in tests.
pub const URL: &str = "http://127.0.0.1:3000";

/// Registration set-up: open 1 November to 1 December 2026 (venue time), five categories.
pub fn settings_form(mid: i32, capacity: u32, quota: u32, approval: bool) -> SettingsForm {
    SettingsForm {
        meeting_id: mid.to_string(),
        opens_at: "2026-11-01T08:00".into(),
        closes_at: "2026-12-01T17:00".into(),
        capacity: capacity.to_string(),
        quota: quota.to_string(),
        cat_head_of_delegation: Some("on".into()),
        cat_delegate: Some("on".into()),
        cat_adviser: Some("on".into()),
        cat_observer: Some("on".into()),
        cat_partner_organisation: Some("on".into()),
        approval_required: approval.then(|| "on".into()),
        ..Default::default()
    }
}

/// A meeting announced and open for registration with the given places.
pub async fn open_meeting(db: &DatabaseConnection, sec: &CurrentUser, capacity: u32, quota: u32, approval: bool) -> i32 {
    let mid = meeting(db, sec).await;
    let ms = app::features::meetings::service::transition;
    ms(db, sec, mid, "1", "announced").await.unwrap();
    ms(db, sec, mid, "2", "registration_open").await.unwrap();
    app::features::registration::service::save_settings(db, sec, &settings_form(mid, capacity, quota, approval), URL)
        .await
        .expect("settings");
    mid
}

/// Registers `email` in `category` (a Tanzanian participant) and approves it, or withdraws it.
pub async fn registered(db: &DatabaseConnection, sec: &CurrentUser, mid: i32, email: &str, category: &str, approve: bool) -> i32 {
    registered_for(db, sec, mid, email, category, approve, "TZ").await
}

/// [`registered`], for a participant of `country` (a delegation has one head).
pub async fn registered_for(
    db: &DatabaseConnection,
    sec: &CurrentUser,
    mid: i32,
    email: &str,
    category: &str,
    approve: bool,
    country: &str,
) -> i32 {
    use app::features::registration::service as reg;
    let f = app::features::registration::types::RegistrationForm {
        meeting_id: mid.to_string(),
        category: category.into(),
        country: country.into(),
        given_name: "Asha".into(),
        family_name: "Mushi".into(),
        position: "Officer".into(),
        email: email.into(),
        ..Default::default()
    };
    // No approval step in the open_meeting(.., false) set-up: a nomination is approved at once.
    let r = reg::register(db, Some(sec), &f, app::domain::Lang::En, URL, chrono::Utc::now()).await.unwrap();
    assert_eq!(r.status, app::domain::RegistrationStatus::Approved);
    if !approve {
        reg::withdraw(db, sec, r.id, URL).await.unwrap();
    }
    r.id
}

/// One session with the given items (start, end, title) on the meeting's first day, published.
pub async fn published_agenda(db: &DatabaseConnection, sec: &CurrentUser, mid: i32, items: &[(&str, &str, &str)]) -> Vec<i32> {
    use app::features::agenda::service as agenda;
    use app::features::agenda::types::{ItemForm, PublishForm, SessionForm};
    let s = agenda::save_session(
        db,
        sec,
        &SessionForm { meeting_id: mid.to_string(), day: "2026-12-08".into(), title: "Opening".into(), ..Default::default() },
    )
    .await
    .expect("session");
    let mut ids = vec![];
    for (start, end, title) in items {
        let f = ItemForm {
            meeting_id: mid.to_string(),
            session_id: s.to_string(),
            start: start.to_string(),
            end: end.to_string(),
            title: title.to_string(),
            ..Default::default()
        };
        ids.push(agenda::save_item(db, sec, &f).await.expect("item"));
    }
    agenda::publish(db, sec, &PublishForm { meeting_id: mid.to_string(), note: "v1".into() }).await.expect("publish");
    ids
}

/// The (field, code) pairs of a validation error.
pub fn codes(e: app::ssr::ServiceError) -> Vec<(String, app::domain::ErrorCode)> {
    match e {
        app::ssr::ServiceError::Validation(f) => f.0.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// The secretariat's decision to approve one registration.
pub fn approval(meeting_id: i32, registration_id: i32) -> app::features::registration::types::DecisionForm {
    app::features::registration::types::DecisionForm {
        meeting_id: meeting_id.to_string(),
        ids: vec![registration_id.to_string()],
        decision: "approve".into(),
        reason: String::new(),
        ..Default::default()
    }
}
