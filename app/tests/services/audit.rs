use crate::support::*;
use app::ssr::entities::audit_log;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};

#[tokio::test]
async fn the_audit_log_is_append_only_in_the_database() {
    let db = db().await;
    let sec = secretariat(&db).await;
    meeting(&db, &sec).await;
    let n = audit_log::Entity::find().count(&db).await.unwrap();
    assert!(n >= 2, "user creation and meeting creation are logged");
    assert!(db.execute_unprepared("UPDATE audit_log SET summary = 'rewritten'").await.is_err());
    assert!(db.execute_unprepared("DELETE FROM audit_log").await.is_err());
    assert_eq!(audit_log::Entity::find().count(&db).await.unwrap(), n);
}
