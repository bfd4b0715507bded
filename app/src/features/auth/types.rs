use crate::domain::{CountryCode, Role};
use serde::{Deserialize, Serialize};

pub use crate::domain::CurrentUser;

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

/// The invited account. Its invitation link is emailed to the invitee only: it is never shown
/// to the inviting user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteResult {
    pub user_id: i32,
}

/// A new password and its confirmation (accepting an invitation, or through a password link:
/// the link's token travels in a cookie, never in the form or a URL).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AcceptInviteForm {
    pub password: String,
    pub password_confirm: String,
}

/// "Forgot your password?": the address to send a password link to.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordLinkForm {
    pub email: String,
}

/// The signed-in user's password change.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordChangeForm {
    pub current: String,
    pub password: String,
    pub password_confirm: String,
}

/// Filters of the account list (query parameters of `/admin/users`); empty means all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserFilter {
    pub role: String,
    /// A member state's code or a regional body's code.
    pub scope: String,
    /// `active`, `pending` (no password yet) or `inactive`.
    pub state: String,
}

/// A change of an account's role and its country or body (secretariat).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountForm {
    pub id: String,
    pub role: String,
    pub country: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSummary {
    pub id: i32,
    pub name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One account as the secretariat administers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDetail {
    pub user: UserSummary,
    pub sessions: Vec<SessionView>,
    pub tokens: Vec<TokenSummary>,
    /// An invitation link is out and has not expired.
    pub invite_pending: bool,
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
    /// The account has no password yet (invited, or made for a registration).
    pub pending_invite: bool,
    pub last_login_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Open sessions.
    pub sessions: u64,
}
