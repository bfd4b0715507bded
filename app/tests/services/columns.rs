//! Typed enum columns (`ssr::entities`): stored as the same strings as before, read back into
//! the domain enums, usable in filters, and a stored value outside the set is an error.

use crate::support::*;
use app::domain::{Lang, MeetingKind, MeetingStatus, Role};
use app::ssr::entities::{app_user, meeting};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Statement};

async fn text_columns(db: &sea_orm::DatabaseConnection, sql: String) -> Vec<String> {
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().expect("one row");
    (0..3).map(|i| row.try_get_by_index::<String>(i).unwrap()).collect()
}

#[tokio::test]
async fn enum_columns_keep_their_stored_strings_and_read_back_typed() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let id = meeting(&db, &sec).await;

    let stored = text_columns(&db, format!("SELECT kind, status, source_lang FROM meeting WHERE id = {id}")).await;
    assert_eq!(stored, ["ministerial_conference", "draft", "en"]);

    let m = meeting::Entity::find_by_id(id).one(&db).await.unwrap().unwrap();
    assert_eq!((m.kind, m.status, m.source_lang), (MeetingKind::MinisterialConference, MeetingStatus::Draft, Lang::En));
    let drafts = meeting::Entity::find().filter(meeting::Column::Status.eq(MeetingStatus::Draft)).count(&db).await.unwrap();
    assert_eq!(drafts, 1);
    let open = meeting::Entity::find()
        .filter(meeting::Column::Status.is_in([MeetingStatus::RegistrationOpen, MeetingStatus::Held]))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(open, 0);

    let u = app_user::Entity::find().filter(app_user::Column::Role.eq(Role::Secretariat)).one(&db).await.unwrap().unwrap();
    assert_eq!(u.role, Role::Secretariat);
}

#[tokio::test]
async fn a_stored_value_outside_the_set_is_an_error_not_a_default() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let id = meeting(&db, &sec).await;
    db.execute_unprepared(&format!("UPDATE meeting SET status = 'bogus' WHERE id = {id}")).await.unwrap();
    let read = meeting::Entity::find_by_id(id).one(&db).await;
    let err = read.expect_err("an unknown status must not be read as a meeting");
    assert!(err.to_string().contains("MeetingStatus"), "{err}");
}
