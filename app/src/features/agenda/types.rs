use crate::domain::{ClockTime, Lang, MeetingStatus};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use crate::domain::agenda::{AgendaDay, AgendaItem, AgendaSession, AgendaSnapshot};

/// What agenda pages need to know about the meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingHeader {
    pub id: i32,
    pub title: String,
    pub venue: String,
    pub city: String,
    pub timezone: String,
    pub timezone_label: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub status: MeetingStatus,
    /// The language the meeting's texts are written in.
    pub source_lang: Lang,
    /// Set when `title` is shown in the original language.
    #[serde(default)]
    pub original_lang: Option<Lang>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Moved,
    Changed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeTarget {
    Session,
    Item,
}

/// Where an item sits: day, times and session title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub day: NaiveDate,
    pub start: Option<ClockTime>,
    pub end: Option<ClockTime>,
    pub session: String,
}

/// One line of a revision's changelog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub target: ChangeTarget,
    pub title: String,
    pub from: Option<Slot>,
    pub to: Option<Slot>,
    /// Which fields changed (title, description, room, chair, speakers, kind).
    pub fields: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionView {
    pub number: i32,
    pub published_at: DateTime<Utc>,
    pub note: String,
    pub changes: crate::domain::Shared<Vec<Change>>,
    pub agenda: crate::domain::Shared<AgendaSnapshot>,
    /// The agenda's HTML, kept with the revision (never sent).
    #[serde(skip)]
    pub html: AgendaHtml,
}

/// The HTML of a revision's agenda as published, kept with the revision (the server keeps each
/// published revision it has read, see `service::page_view`): every later page that shows that
/// very agenda gets the same text instead of writing it again. That is a reader in the meeting's
/// own language whose clock is the venue's; a copy changed since (translated, or with the
/// reader's times) is written anew. A clone shares what is kept; any two are equal (it is not
/// part of the revision's value).
#[derive(Clone, Default)]
pub struct AgendaHtml(Option<std::sync::Arc<AgendaHtmlKept>>);

struct AgendaHtmlKept {
    agenda: crate::domain::Shared<AgendaSnapshot>,
    /// By what it was made for (the language and the page's part key), at most [`AgendaHtml::MAX`].
    html: std::sync::Mutex<Vec<(String, std::sync::Arc<str>)>>,
}

impl AgendaHtml {
    /// The most versions kept (one per language the meeting's own could be, and a few more).
    const MAX: usize = 8;

    /// Kept for `agenda` (the revision's own, as published).
    pub fn of(agenda: &crate::domain::Shared<AgendaSnapshot>) -> Self {
        AgendaHtml(Some(std::sync::Arc::new(AgendaHtmlKept { agenda: agenda.clone(), html: Default::default() })))
    }

    /// The HTML `make` writes for `agenda` under `key`: the kept text if `agenda` is the very
    /// agenda this was made for (not a changed copy), else `make`'s (kept if it is).
    pub fn get(&self, agenda: &crate::domain::Shared<AgendaSnapshot>, key: &str, make: impl FnOnce() -> String) -> std::sync::Arc<str> {
        let Some(kept) = self.0.as_ref().filter(|k| crate::domain::Shared::ptr_eq(&k.agenda, agenda)) else {
            return make().into();
        };
        if let Some(html) = kept.html.lock().ok().and_then(|h| h.iter().find(|(k, _)| k == key).map(|(_, h)| h.clone())) {
            return html;
        }
        let html: std::sync::Arc<str> = make().into();
        if let Ok(mut h) = kept.html.lock() {
            if h.len() < Self::MAX && !h.iter().any(|(k, _)| k == key) {
                h.push((key.to_string(), html.clone()));
            }
        }
        html
    }
}

impl PartialEq for AgendaHtml {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for AgendaHtml {}

impl std::fmt::Debug for AgendaHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AgendaHtml")
    }
}

/// The public agenda page: the requested (or latest) published revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaPageData {
    pub meeting: MeetingHeader,
    pub revision: Option<RevisionView>,
    pub latest: Option<i32>,
    pub can_edit: bool,
    /// The reader's time zone (IANA name), when it differs from the venue's and the items
    /// carry their times in it.
    #[serde(default)]
    pub viewer_tz: Option<String>,
    /// The latest announcements from the floor (live agenda), newest first.
    #[serde(default)]
    pub announcements: Vec<Announcement>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionSummary {
    pub number: i32,
    pub published_at: DateTime<Utc>,
    pub note: String,
    pub change_count: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionList {
    pub meeting: MeetingHeader,
    pub revisions: Vec<RevisionSummary>,
}

/// The secretariat's editor: the working copy and what would change if published now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorData {
    pub meeting: MeetingHeader,
    pub draft: AgendaSnapshot,
    pub pending: Vec<Change>,
    pub latest: Option<i32>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionForm {
    pub meeting_id: String,
    /// Empty for a new session.
    pub id: String,
    pub version: String,
    pub day: String,
    pub title: String,
    pub room: String,
    pub chair: String,
}

impl SessionForm {
    pub fn echo(&self) -> Vec<(String, String)> {
        crate::domain::echo(&[("day", &self.day), ("title", &self.title), ("room", &self.room), ("chair", &self.chair)])
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    pub meeting_id: String,
    /// Empty for a new item.
    pub id: String,
    pub version: String,
    pub session_id: String,
    pub kind: String,
    pub start: String,
    pub end: String,
    pub title: String,
    pub description: String,
    pub room: String,
    pub chair: String,
    pub speakers: String,
}

impl ItemForm {
    pub fn echo(&self) -> Vec<(String, String)> {
        crate::domain::echo(&[
            ("session_id", &self.session_id),
            ("kind", &self.kind),
            ("start", &self.start),
            ("end", &self.end),
            ("title", &self.title),
            ("description", &self.description),
            ("room", &self.room),
            ("chair", &self.chair),
            ("speakers", &self.speakers),
        ])
    }
}

/// Deletes a session (with its items) or an item, at the version the user saw.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    /// "session" or "item".
    pub target: String,
    pub id: String,
    pub version: String,
}

/// Moves a session (within its day) or an item (within its session) one place up or down.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    /// "session" or "item".
    pub target: String,
    pub id: String,
    /// "up" or "down".
    pub direction: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishForm {
    pub meeting_id: String,
    pub note: String,
}

/// What the secretariat announces from the floor. `kind`: `current` (the item under way),
/// `delay` (`delay` minutes, 1 to 240: moves the item and the session's later ones), `room`
/// (the item moves to `room`) or `note` (a few words to everyone).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LiveForm {
    pub meeting_id: String,
    /// The published revision the page showed: a delay or a room announced from an older page
    /// (a second click) is refused, not applied twice.
    pub revision: String,
    pub kind: String,
    pub item_id: String,
    pub delay: String,
    pub room: String,
    pub note: String,
}

/// One announcement as shown: what was said, when (venue time `HH:MM`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub kind: String,
    pub item: String,
    pub delay: i32,
    pub room: String,
    pub note: String,
    pub at: String,
}

/// An agenda item in the live view: its day, times (venue) and room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveItem {
    pub id: i32,
    pub day: chrono::NaiveDate,
    pub start: ClockTime,
    pub end: ClockTime,
    pub title: String,
    pub room: String,
}

/// The "now and next" view of a meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveView {
    pub meeting: MeetingHeader,
    pub now: Option<LiveItem>,
    pub next: Vec<LiveItem>,
    /// Newest first.
    pub announcements: Vec<Announcement>,
    /// The published items, for the secretariat's controls (empty for everyone else).
    pub items: Vec<LiveItem>,
    pub can_control: bool,
    /// The latest published revision's number.
    pub revision: Option<i32>,
    /// When this view was made (venue time `HH:MM`).
    pub as_of: String,
}

/// A delegation on an item's speakers list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerEntry {
    pub id: i32,
    pub country: crate::domain::CountryCode,
    /// `waiting`, `speaking` or `done`.
    pub state: String,
    /// Seconds spoken so far, counting the current turn up to `SpeakersView::as_of`.
    pub spoken: i32,
}

/// An item's speakers list, for the chair (secretariat) and the delegations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakersView {
    pub meeting: MeetingHeader,
    /// The published items (id, label) to choose from.
    pub items: Vec<(i32, String)>,
    pub item_id: Option<i32>,
    /// Speaking time per delegation on this item, seconds (0: none set).
    pub limit: i32,
    pub entries: Vec<SpeakerEntry>,
    pub can_chair: bool,
    /// The delegation the viewer may ask the floor for (head of delegation or focal point).
    pub my_delegation: Option<crate::domain::CountryCode>,
}

/// A request for the floor, or the chair's action on the list. `action`: `ask` (the viewer's
/// delegation; the secretariat names `country`), `up`, `down`, `start`, `stop`, `remove`
/// (`id`: the entry), `limit` (`minutes` for the item).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SpeakerForm {
    pub meeting_id: String,
    pub item_id: String,
    pub action: String,
    pub id: String,
    pub country: String,
    pub minutes: String,
}
