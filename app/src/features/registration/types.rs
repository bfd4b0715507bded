use crate::domain::{echo, CountryCode, RegistrationCategory, RegistrationStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The secretariat's registration set-up for one meeting. Date-times are written in the
/// meeting's time zone (`YYYY-MM-DDTHH:MM`, as `<input type="datetime-local">` sends them).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub meeting_id: String,
    /// Empty when the meeting has no settings yet.
    pub version: String,
    pub opens_at: String,
    pub closes_at: String,
    pub capacity: String,
    pub quota: String,
    pub cat_head_of_delegation: Option<String>,
    pub cat_delegate: Option<String>,
    pub cat_adviser: Option<String>,
    pub cat_observer: Option<String>,
    pub cat_partner_organisation: Option<String>,
    pub cat_media: Option<String>,
    pub cat_secretariat_staff: Option<String>,
    pub approval_required: Option<String>,
    /// Approve a delegation's members only once its note verbale is in.
    pub note_verbale_required: Option<String>,
}

impl SettingsForm {
    pub fn category_checked(&self, c: RegistrationCategory) -> bool {
        match c {
            RegistrationCategory::HeadOfDelegation => self.cat_head_of_delegation.is_some(),
            RegistrationCategory::Delegate => self.cat_delegate.is_some(),
            RegistrationCategory::Adviser => self.cat_adviser.is_some(),
            RegistrationCategory::Observer => self.cat_observer.is_some(),
            RegistrationCategory::PartnerOrganisation => self.cat_partner_organisation.is_some(),
            RegistrationCategory::Media => self.cat_media.is_some(),
            RegistrationCategory::SecretariatStaff => self.cat_secretariat_staff.is_some(),
        }
    }

    pub fn echo(&self) -> Vec<(String, String)> {
        echo(&[("opens_at", &self.opens_at), ("closes_at", &self.closes_at), ("capacity", &self.capacity), ("quota", &self.quota)])
    }
}

/// A registration, by the delegate themself or by a focal point for their country.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistrationForm {
    pub meeting_id: String,
    pub category: String,
    pub country: String,
    pub organisation: String,
    pub title: String,
    pub given_name: String,
    pub family_name: String,
    pub position: String,
    pub ministry: String,
    pub email: String,
    pub phone: String,
    pub dietary: String,
    pub accessibility: String,
    pub arrival: String,
    pub departure: String,
    pub passport_number: String,
    pub passport_nationality: String,
    pub passport_expiry: String,
    pub consent_list: Option<String>,
    pub consent_contact: Option<String>,
    /// Focal points only: the registration this nomination replaces (withdrawn in the same step).
    pub replaces: String,
    /// The person's own registration being changed from `/me` (empty for a new one).
    pub id: String,
}

impl RegistrationForm {
    /// Values typed, echoed back to the no-JavaScript form after a validation error. Passport
    /// details are not echoed through the redirect URL.
    pub fn echo(&self) -> Vec<(String, String)> {
        echo(&[
            ("category", &self.category),
            ("country", &self.country),
            ("organisation", &self.organisation),
            ("title", &self.title),
            ("given_name", &self.given_name),
            ("family_name", &self.family_name),
            ("position", &self.position),
            ("ministry", &self.ministry),
            ("email", &self.email),
            ("phone", &self.phone),
            ("dietary", &self.dietary),
            ("accessibility", &self.accessibility),
            ("arrival", &self.arrival),
            ("departure", &self.departure),
        ])
    }
}

/// The registration set-up as shown to everyone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    /// Venue-time `YYYY-MM-DDTHH:MM`, for the form and for display.
    pub opens_at: String,
    pub closes_at: String,
    pub capacity: i32,
    pub quota: i32,
    pub categories: Vec<RegistrationCategory>,
    pub approval_required: bool,
    pub note_verbale_required: bool,
    pub version: i32,
}

/// Registration at a glance for one meeting, with what the viewer may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationOverview {
    pub meeting_id: i32,
    pub meeting_title: String,
    pub timezone: String,
    pub settings: Option<SettingsView>,
    /// Places held (pending or approved).
    pub taken: i32,
    pub waitlisted: i32,
    pub is_open: bool,
    pub can_configure: bool,
    pub can_manage: bool,
    /// The focal point's country, whose delegation they manage.
    pub delegation_country: Option<CountryCode>,
    /// For a signed-in person registering themselves: their details from the account and their
    /// latest registration, to start the form with (no email confirmation is needed for the
    /// account's own address).
    pub prefill: Option<RegistrationForm>,
}

/// One registration in a list. Personal details beyond name, position and country are filled in
/// only for viewers allowed to see them; passport details only for the secretariat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRow {
    pub id: i32,
    pub category: RegistrationCategory,
    pub country: Option<CountryCode>,
    pub organisation: String,
    pub title: String,
    pub given_name: String,
    pub family_name: String,
    pub position: String,
    pub ministry: String,
    pub email: String,
    pub phone: String,
    pub dietary: String,
    pub accessibility: String,
    pub arrival: Option<NaiveDate>,
    pub departure: Option<NaiveDate>,
    pub passport: Option<PassportView>,
    pub consent_list: bool,
    pub consent_contact: bool,
    pub status: RegistrationStatus,
    pub reason: String,
    pub checked_in: bool,
    pub version: i32,
    /// For the delegation categories: the focal point or the secretariat nominated or confirmed
    /// this person (a self-registration waits for it before giving any delegate right).
    pub delegation_confirmed: bool,
}

pub use crate::domain::person_name;

impl RegistrationRow {
    pub fn full_name(&self) -> String {
        person_name(&self.title, &self.given_name, &self.family_name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportView {
    pub number: String,
    pub nationality: String,
    pub expiry: Option<NaiveDate>,
}

/// A name on the public participant list (only participants who consented).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicParticipant {
    pub name: String,
    pub position: String,
    pub country: Option<CountryCode>,
    pub organisation: String,
}

/// The secretariat's decision on one or more registrations.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub meeting_id: String,
    /// Registration ids; the bulk form sends one checkbox per row as `form[ids][N]`.
    pub ids: Vec<String>,
    pub decision: String,
    pub reason: String,
    /// Decide the ticked registrations that can take the decision and leave the others as they
    /// are (sent by the confirmation the page offers after naming the refused ones).
    pub skip_refused: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionResult {
    pub changed: usize,
}

/// A printable badge: an approved participant with the QR code of their check-in link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badge {
    pub id: i32,
    pub name: String,
    pub country: Option<CountryCode>,
    pub organisation: String,
    pub category: RegistrationCategory,
    /// Server-generated SVG (no user content inside), shown as is.
    pub qr_svg: String,
    pub token: String,
}

/// The check-in desk: a token (typed, pasted or scanned) or a name search.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckInForm {
    pub meeting_id: String,
    pub token: String,
    /// Check in by registration id (from the name search results).
    pub id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInResult {
    pub id: i32,
    pub name: String,
    pub country: Option<CountryCode>,
    pub organisation: String,
    /// False when the person had already checked in (nothing changed).
    pub newly: bool,
}

/// One of the signed-in user's own registrations (matched by their account's email).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRegistration {
    pub id: i32,
    pub meeting_id: i32,
    pub meeting_title: String,
    pub city: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub category: RegistrationCategory,
    pub status: RegistrationStatus,
    pub has_agenda: bool,
    /// The person may still change or cancel it (active, and before the registration deadline).
    pub can_change: bool,
    /// A delegation category the focal point or the secretariat has not confirmed yet.
    pub awaiting_delegation: bool,
    /// The invitation letter can be downloaded (it takes part in the meeting).
    pub invitation: bool,
    /// The certificate of attendance can be downloaded (checked in, the meeting's last day reached).
    pub certificate: bool,
}

/// A meeting's letterhead, signature and signatory for its letters and certificates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterSettingsView {
    pub meeting_id: i32,
    pub has_letterhead: bool,
    pub has_signature: bool,
    pub signatory_name: String,
    pub signatory_title: String,
}

/// The personal page: registrations and the private calendar feed's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPage {
    pub registrations: Vec<MyRegistration>,
    /// Messages the secretariat sent the person, newest first.
    pub messages: Vec<MyMessage>,
    /// When the current private feed link was made, if there is one.
    pub feed_created: Option<chrono::DateTime<chrono::Utc>>,
    /// Base of the feed URL (`{public_url}/feeds/`).
    pub feed_base: String,
    /// A link just made, shown this once (it came in a short-lived cookie, never in a URL).
    pub new_feed: Option<String>,
}

/// One member state's delegation at a glance (secretariat).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegationSummary {
    pub country: CountryCode,
    /// The head of delegation's name, if one is registered and active.
    pub head: Option<String>,
    /// Active members (not rejected or withdrawn).
    pub members: usize,
    /// Members holding a place (pending or approved).
    pub with_place: usize,
    /// The delegation's note verbale, when one is in.
    pub note: Option<NoteVerbaleInfo>,
}

/// A delegation's note verbale for a meeting (its latest upload), as the state's focal points
/// and the secretariat see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteVerbaleInfo {
    pub id: i32,
    pub meeting_id: i32,
    pub name: String,
    pub size: i64,
    /// When it was attached, in the meeting's time zone (`YYYY-MM-DD HH:MM`).
    pub uploaded_at: String,
    /// Attached by the secretariat on the delegation's behalf.
    pub by_secretariat: bool,
    /// Earlier uploads it replaced (kept).
    pub earlier: usize,
}

impl NoteVerbaleInfo {
    pub fn href(&self) -> String {
        format!("/meetings/{}/notes-verbales/{}/{}", self.meeting_id, self.id, crate::domain::url_segment(&self.name))
    }
}

/// A registration its person may change from `/me`, with what the page needs to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRegistrationEdit {
    pub id: i32,
    pub meeting_id: i32,
    pub meeting_title: String,
    pub category: RegistrationCategory,
    pub country: Option<CountryCode>,
    pub email: String,
    pub status: RegistrationStatus,
    /// The registration deadline (venue time, `YYYY-MM-DDTHH:MM`) and the venue's zone.
    pub closes_at: String,
    pub timezone: String,
    pub can_change: bool,
    /// The stored values, as the form shows them.
    pub form: RegistrationForm,
}

/// A message from the secretariat to a meeting's participants. `status`, `category` and
/// `country` (a delegation) choose who receives it (empty: any); a subject and body (Markdown)
/// per working language, the meeting's own language required.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageForm {
    pub meeting_id: String,
    /// The page's one-time token: the same form sent twice sends one message.
    pub token: String,
    pub status: String,
    pub category: String,
    pub country: String,
    pub subject_en: String,
    pub body_en: String,
    pub subject_fr: String,
    pub body_fr: String,
    pub subject_pt: String,
    pub body_pt: String,
}

impl MessageForm {
    pub fn text(&self, lang: crate::domain::Lang) -> (&str, &str) {
        match lang {
            crate::domain::Lang::En => (&self.subject_en, &self.body_en),
            crate::domain::Lang::Fr => (&self.subject_fr, &self.body_fr),
            crate::domain::Lang::Pt => (&self.subject_pt, &self.body_pt),
        }
    }

    pub fn echo(&self) -> Vec<(String, String)> {
        echo(&[
            ("subject_en", &self.subject_en),
            ("body_en", &self.body_en),
            ("subject_fr", &self.subject_fr),
            ("body_fr", &self.body_fr),
            ("subject_pt", &self.subject_pt),
            ("body_pt", &self.body_pt),
        ])
    }
}

/// Who a message with the chosen filters reaches, and in which language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRecipientView {
    pub name: String,
    pub affiliation: String,
    pub category: RegistrationCategory,
    pub status: RegistrationStatus,
    pub lang: crate::domain::Lang,
}

/// A sent message at a glance, with its delivery so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageSummary {
    pub id: i32,
    pub subject: String,
    /// Venue time, `YYYY-MM-DD HH:MM`.
    pub sent_at: String,
    pub recipients: usize,
    pub delivered: usize,
    pub failed: usize,
}

/// The secretariat's messages page: the meeting's languages, who the current filters reach,
/// and the messages sent so far (newest first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagesPage {
    pub meeting_id: i32,
    pub meeting_title: String,
    /// The working languages, the meeting's own first.
    pub languages: Vec<crate::domain::Lang>,
    pub status: String,
    pub category: String,
    pub country: String,
    pub recipients: Vec<MessageRecipientView>,
    pub sent: Vec<MessageSummary>,
    /// A new one-time token for the message form.
    pub token: String,
}

/// One recipient of a sent message and where their email stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageDelivery {
    pub name: String,
    pub email: String,
    pub lang: crate::domain::Lang,
    pub translated: bool,
    /// The outbox state: `pending`, `sending`, `sent` or `failed`.
    pub state: String,
}

/// A sent message: its texts and recipients.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageDetail {
    pub id: i32,
    pub meeting_id: i32,
    pub meeting_title: String,
    pub sent_at: String,
    /// (language, subject, sanitised HTML body).
    pub texts: Vec<(crate::domain::Lang, String, String)>,
    pub recipients: Vec<MessageDelivery>,
}

/// A message sent to the signed-in person, in their language (or the original).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMessage {
    pub meeting_id: i32,
    pub meeting_title: String,
    pub subject: String,
    pub body_html: String,
    pub sent_at: String,
    /// None: in the person's language; Some(lang): the original, in `lang`.
    pub original: Option<crate::domain::Lang>,
}
