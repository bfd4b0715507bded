//! Typed enum columns (`ssr::entities`): stored as the same strings as before, read back into
//! the domain enums, usable in filters, and a stored value outside the set is an error.

use crate::support::*;
use app::domain::{Lang, MeetingKind, MeetingStatus, Role};
use app::ssr::entities::{app_user, meeting};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement};

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

/// Every pooled SQLite connection has the query planner stability guarantee (`ssr::connect`):
/// a statement with a bound `LIMIT ?` (every `.one()`) stays prepared instead of being planned
/// anew on each run; and the plans still find the right rows for each bound value.
#[tokio::test]
async fn sqlite_connections_keep_their_statements_planned() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let first = meeting(&db, &sec).await;
    let second = meeting(&db, &sec).await;
    for (id, limit) in [(first, 1), (second, 1), (first, 2), (second, 5)] {
        let rows = meeting::Entity::find().filter(meeting::Column::Id.eq(id)).limit(limit).all(&db).await.unwrap();
        assert_eq!(rows.iter().map(|m| m.id).collect::<Vec<_>>(), [id]);
    }
    let both = meeting::Entity::find().order_by_asc(meeting::Column::Id).limit(1).all(&db).await.unwrap();
    assert_eq!(both.iter().map(|m| m.id).collect::<Vec<_>>(), [first]);
    let both = meeting::Entity::find().order_by_asc(meeting::Column::Id).limit(2).all(&db).await.unwrap();
    assert_eq!(both.iter().map(|m| m.id).collect::<Vec<_>>(), [first, second]);
    if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        return;
    }
    // All of the pool's connections at once: each was set up when it was opened.
    let pool = db.get_sqlite_connection_pool();
    let mut held = Vec::new();
    for _ in 0..app::ssr::SQLITE_MAX_CONNECTIONS {
        held.push(pool.acquire().await.unwrap());
    }
    for conn in &mut held {
        assert!(app::ssr::has_stable_query_plans(conn).await.unwrap());
    }
}
