//! Who may do what because of a registration: the one rule every feature uses to decide whether
//! a signed-in person is a delegate (or a head of delegation) of a meeting.

use super::entities::registration;
use crate::domain::{RegistrationCategory, RegistrationStatus};
use sea_orm::{ColumnTrait, Condition};

/// The delegation categories (head of delegation, delegate, adviser), as stored.
pub fn delegation_categories() -> Vec<&'static str> {
    RegistrationCategory::ALL.iter().filter(|c| c.is_delegation()).map(|c| c.as_str()).collect()
}

/// Registrations that give their person delegate rights at their meeting (delegate-only papers,
/// the delegates' search results, and for heads of delegation, comments on circulated minutes):
/// approved and, in a member state's delegation, nominated or confirmed by that state's focal
/// point or by the secretariat. A self-registration that only claims a delegation category
/// gives nothing until then, whatever the approval setting.
pub fn grants_rights() -> Condition {
    Condition::all().add(registration::Column::Status.eq(RegistrationStatus::Approved.as_str())).add(
        Condition::any()
            .add(registration::Column::Category.is_not_in(delegation_categories()))
            .add(registration::Column::DelegationConfirmed.eq(true)),
    )
}

/// [`grants_rights`], for one registration row already read.
pub fn row_grants_rights(r: &registration::Model) -> bool {
    let delegation = RegistrationCategory::parse("category", &r.category).is_ok_and(RegistrationCategory::is_delegation);
    r.status == RegistrationStatus::Approved.as_str() && (!delegation || r.delegation_confirmed)
}
