use crate::domain::{CountryCode, Lang, Role};
use serde::{Deserialize, Serialize};

/// The signed-in user, as the server resolved it from the session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub country: Option<CountryCode>,
    pub locale: Lang,
    /// A regional body's code, for a focal point who reports for a body instead of a state.
    #[serde(default)]
    pub body: Option<String>,
}

impl CurrentUser {
    pub fn is_secretariat(&self) -> bool {
        self.role == Role::Secretariat
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    /// Where to go after signing in (a path on this site).
    pub next: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub country: String,
    /// A regional body's code (focal points of a body instead of a member state).
    pub body: String,
    pub locale: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteResult {
    pub user_id: i32,
    /// The invitation link (also emailed), shown once to the inviting secretariat user.
    pub link: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AcceptInviteForm {
    pub token: String,
    pub password: String,
    pub password_confirm: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub country: Option<CountryCode>,
    pub body: Option<String>,
    pub active: bool,
    pub pending_invite: bool,
}
