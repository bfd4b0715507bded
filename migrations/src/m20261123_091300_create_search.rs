use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Adopted minutes are locked by the database too: no section may be added, changed or removed
/// once the minutes are adopted (corrections are corrigenda).
const SQLITE_LOCK: [&str; 3] = [
    "CREATE TRIGGER minutes_section_locked_insert BEFORE INSERT ON minutes_section \
     WHEN (SELECT status FROM minutes WHERE id = NEW.minutes_id) = 'adopted' \
     BEGIN SELECT RAISE(ABORT, 'adopted minutes are locked'); END;",
    // Clearing the agenda item (ON DELETE SET NULL when an item is deleted) is not an edit.
    "CREATE TRIGGER minutes_section_locked_update BEFORE UPDATE ON minutes_section \
     WHEN (SELECT status FROM minutes WHERE id = OLD.minutes_id) = 'adopted' \
       AND (NEW.minutes_id IS NOT OLD.minutes_id OR NEW.position IS NOT OLD.position OR NEW.title IS NOT OLD.title \
         OR NEW.body_md IS NOT OLD.body_md OR NEW.body_html IS NOT OLD.body_html OR NEW.version IS NOT OLD.version \
         OR NEW.agenda_item_id IS NOT NULL AND NEW.agenda_item_id IS NOT OLD.agenda_item_id) \
     BEGIN SELECT RAISE(ABORT, 'adopted minutes are locked'); END;",
    "CREATE TRIGGER minutes_section_locked_delete BEFORE DELETE ON minutes_section \
     WHEN (SELECT status FROM minutes WHERE id = OLD.minutes_id) = 'adopted' \
     BEGIN SELECT RAISE(ABORT, 'adopted minutes are locked'); END;",
];

const SQLITE_SEARCH: [&str; 5] = [
    "CREATE TABLE search_doc (\
       id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, ref_id INTEGER NOT NULL, \
       meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE, access TEXT NOT NULL, \
       lang TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, url TEXT NOT NULL, \
       UNIQUE (kind, ref_id))",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_doc', content_rowid='id', \
       tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN \
       INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END;",
    "CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN \
       INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END;",
    "CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN \
       INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); \
       INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END;",
];

const POSTGRES_LOCK: [&str; 2] = [
    "CREATE FUNCTION minutes_section_locked() RETURNS trigger AS $$ \
     DECLARE mid integer; BEGIN \
       IF TG_OP = 'INSERT' THEN mid := NEW.minutes_id; ELSE mid := OLD.minutes_id; END IF; \
       IF TG_OP = 'UPDATE' AND NEW.minutes_id = OLD.minutes_id AND NEW.position = OLD.position \
         AND NEW.title = OLD.title AND NEW.body_md = OLD.body_md AND NEW.body_html = OLD.body_html \
         AND NEW.version = OLD.version AND NEW.agenda_item_id IS NULL THEN RETURN NEW; END IF; \
       IF (SELECT status FROM minutes WHERE id = mid) = 'adopted' THEN \
         RAISE EXCEPTION 'adopted minutes are locked'; END IF; \
       IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql;",
    "CREATE TRIGGER minutes_section_locked BEFORE INSERT OR UPDATE OR DELETE ON minutes_section \
     FOR EACH ROW EXECUTE FUNCTION minutes_section_locked();",
];

/// Accented letters of the dialogue's languages (and their capitals, for databases whose
/// `lower` is ASCII-only) and what they fold to. Must match `app::features::search::service::FOLD_FROM`
/// and `FOLD_TO` (checked by a service test).
pub const FOLD_FROM: &str = "áàâãäåçéèêëíìîïñóòôõöúùûüýÿÁÀÂÃÄÅÇÉÈÊËÍÌÎÏÑÓÒÔÕÖÚÙÛÜÝ";
pub const FOLD_TO: &str = "aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuy";

const POSTGRES_SEARCH: [&str; 2] = [
    "CREATE TABLE search_doc (\
       id SERIAL PRIMARY KEY, kind TEXT NOT NULL, ref_id INTEGER NOT NULL, \
       meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE, access TEXT NOT NULL, \
       lang TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, url TEXT NOT NULL, \
       tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('simple', translate(lower(title), $FROM, $TO)), 'A') \
         || setweight(to_tsvector('simple', translate(lower(body), $FROM, $TO)), 'B')) STORED, \
       UNIQUE (kind, ref_id))",
    "CREATE INDEX idx_search_doc_tsv ON search_doc USING GIN (tsv)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Full-text search: one `search_doc` row per searchable thing (meeting, agenda item,
        // paper, minutes section), kept up to date by the services; SQLite indexes it with FTS5,
        // PostgreSQL with a generated tsvector column and a GIN index.
        let db = manager.get_connection();
        let statements: Vec<&str> = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => SQLITE_LOCK.iter().chain(SQLITE_SEARCH.iter()).copied().collect(),
            DatabaseBackend::Postgres => POSTGRES_LOCK.iter().chain(POSTGRES_SEARCH.iter()).copied().collect(),
            other => return Err(DbErr::Migration(format!("unsupported database backend {other:?}"))),
        };
        for s in statements {
            // Accents are folded on PostgreSQL as FTS5's `remove_diacritics` does on SQLite, with
            // `translate` (immutable, so usable in a generated column; `unaccent` is an extension
            // that may not be installed). The query side folds with `search::service::fold`.
            let from = format!("'{}'", FOLD_FROM);
            let to = format!("'{}'", FOLD_TO);
            db.execute_unprepared(&s.replace("$FROM", &from).replace("$TO", &to)).await?;
        }
        db.execute_unprepared("CREATE INDEX idx_search_doc_meeting ON search_doc (meeting_id)").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "DROP TABLE IF EXISTS search_doc; DROP TRIGGER IF EXISTS minutes_section_locked ON minutes_section; \
                     DROP FUNCTION IF EXISTS minutes_section_locked();",
                )
                .await?;
            }
            _ => {
                for s in [
                    "DROP TABLE IF EXISTS search_fts",
                    "DROP TABLE IF EXISTS search_doc",
                    "DROP TRIGGER IF EXISTS minutes_section_locked_insert",
                    "DROP TRIGGER IF EXISTS minutes_section_locked_update",
                    "DROP TRIGGER IF EXISTS minutes_section_locked_delete",
                ] {
                    db.execute_unprepared(s).await?;
                }
            }
        }
        Ok(())
    }
}
