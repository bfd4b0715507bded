//! The access policy every feature uses: who is the secretariat, which meetings a viewer may
//! see, and who is a delegate (or a head of delegation) of a meeting because of a registration.

use super::entities::{meeting, registration};
use super::error::{ServiceError, ServiceResult};
use crate::domain::{Access, CurrentUser, MeetingStatus, RegistrationCategory, RegistrationStatus};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// The delegation categories (head of delegation, delegate, adviser), as stored.
pub fn delegation_categories() -> Vec<RegistrationCategory> {
    RegistrationCategory::ALL.iter().copied().filter(|c| c.is_delegation()).collect()
}

/// Registrations that give their person delegate rights at their meeting (delegates-only papers
/// and minutes, the delegates' search results, the paper digest, and for heads of delegation,
/// comments on circulated minutes): approved, and vouched for by a person who may
/// (`delegation_confirmed`): nominated by the state's focal point or by the secretariat,
/// confirmed by the focal point (delegation categories) or by the secretariat, or approved by the
/// secretariat's own decision. An approval the meeting's set-up gave on its own (no approval
/// required) holds a place but gives no right: what a visitor typed never does.
pub fn grants_rights() -> Condition {
    Condition::all()
        .add(registration::Column::Status.eq(RegistrationStatus::Approved))
        .add(registration::Column::DelegationConfirmed.eq(true))
}

/// Registrations of people who take part in the meeting as what they registered as (the public
/// participant list, badges, check-in): approved and, in a member state's delegation, vouched
/// for (a self-registration's claim to speak for a country is not shown, printed or admitted
/// until the focal point or the secretariat confirms it). Other categories follow the approval
/// setting.
pub fn participates() -> Condition {
    Condition::all().add(registration::Column::Status.eq(RegistrationStatus::Approved)).add(
        Condition::any()
            .add(registration::Column::Category.is_not_in(delegation_categories()))
            .add(registration::Column::DelegationConfirmed.eq(true)),
    )
}

/// [`participates`], for one registration row already read.
pub fn row_participates(r: &registration::Model) -> bool {
    let delegation = RegistrationCategory::is_delegation(r.category);
    r.status == RegistrationStatus::Approved && (!delegation || r.delegation_confirmed)
}

/// Whether the viewer is signed in as the secretariat.
pub fn is_secretariat(viewer: Option<&CurrentUser>) -> bool {
    viewer.is_some_and(CurrentUser::is_secretariat)
}

/// Refuses anyone but the secretariat (services that change what only the secretariat may).
pub fn require_secretariat(actor: &CurrentUser) -> ServiceResult<()> {
    if actor.is_secretariat() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Loads a meeting the viewer may see. Drafts are NotFound for everyone but the secretariat, so
/// their existence is not revealed.
pub async fn find_visible(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, id: i32) -> ServiceResult<meeting::Model> {
    visible(meeting::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?, viewer)
}

/// A meeting already read, if the viewer may see it (see [`find_visible`]).
pub fn visible(m: meeting::Model, viewer: Option<&CurrentUser>) -> ServiceResult<meeting::Model> {
    if m.status == MeetingStatus::Draft && !is_secretariat(viewer) {
        return Err(ServiceError::NotFound);
    }
    Ok(m)
}

/// What a viewer may read of a meeting's documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReaderRights {
    pub secretariat: bool,
    /// An approved delegate of the meeting whose registration gives rights (see [`grants_rights`]).
    pub delegate: bool,
}

impl ReaderRights {
    /// Whether a document at `access` is readable.
    pub fn may_read(self, access: Access) -> bool {
        match access {
            Access::Public => true,
            Access::Delegates => self.delegate || self.secretariat,
            Access::Secretariat => self.secretariat,
        }
    }
}

/// The viewer's rights to a meeting's documents: the secretariat reads everything, a delegate
/// whose registration gives rights reads what delegates may, everyone else what is public.
pub async fn reader_rights(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, meeting_id: i32) -> ServiceResult<ReaderRights> {
    let Some(user) = viewer else { return Ok(ReaderRights::default()) };
    if user.is_secretariat() {
        return Ok(ReaderRights { secretariat: true, delegate: true });
    }
    let delegate = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::Email.eq(user.email.to_lowercase()))
        .filter(grants_rights())
        .count(db)
        .await?
        > 0;
    Ok(ReaderRights { secretariat: false, delegate })
}

/// A head of delegation of this meeting whose registration gives rights (matched by the
/// account's email): they comment on circulated minutes.
pub async fn is_head_of_delegation(db: &impl ConnectionTrait, user: &CurrentUser, meeting_id: i32) -> ServiceResult<bool> {
    Ok(registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::Email.eq(user.email.to_lowercase()))
        .filter(grants_rights())
        .filter(registration::Column::Category.eq(RegistrationCategory::HeadOfDelegation))
        .count(db)
        .await?
        > 0)
}
