use crate::id;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

include!("member_states.rs");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("member_state"))
                    .col(char_len(id("code"), 2).primary_key())
                    .col(string(id("name_en")))
                    .col(string(id("name_fr")))
                    .col(string(id("name_pt")))
                    .to_owned(),
            )
            .await?;
        let mut insert =
            Query::insert().into_table(id("member_state")).columns([id("code"), id("name_en"), id("name_fr"), id("name_pt")]).to_owned();
        for (code, en, fr, pt) in MEMBER_STATES {
            insert.values_panic([code.into(), en.into(), fr.into(), pt.into()]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("member_state")).to_owned()).await
    }
}
