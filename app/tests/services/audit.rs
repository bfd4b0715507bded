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

/// The page cache's epoch moves with every committed write transaction, in that transaction:
/// not when it rolls back, not for private bookkeeping, and not before the commit (a reader
/// on another connection sees the old epoch with the old data, then the new with the new).
#[tokio::test]
async fn the_cache_epoch_moves_only_when_a_write_transaction_commits() {
    use app::ssr::{cache_epoch, private_write_txn, write_txn};
    let db = db().await;
    let start = cache_epoch(&db).await.unwrap();
    // Rolled back (dropped without commit): nothing moved.
    {
        let txn = write_txn(&db).await.unwrap();
        txn.execute_unprepared("UPDATE member_state SET name_en = name_en WHERE code = 'MZ'").await.unwrap();
    }
    assert_eq!(cache_epoch(&db).await.unwrap(), start);
    // Private bookkeeping: committed, epoch unchanged.
    private_write_txn(&db).await.unwrap().commit().await.unwrap();
    assert_eq!(cache_epoch(&db).await.unwrap(), start);
    // A write: not before the commit, then by one.
    let txn = write_txn(&db).await.unwrap();
    assert_eq!(cache_epoch(&txn).await.unwrap(), start, "moved only as the last statement");
    txn.commit().await.unwrap();
    assert_eq!(cache_epoch(&db).await.unwrap(), start + 1);
    // Through a service: creating a meeting moves it on.
    let sec = secretariat(&db).await;
    let before = cache_epoch(&db).await.unwrap();
    meeting(&db, &sec).await;
    assert!(cache_epoch(&db).await.unwrap() > before);
}
