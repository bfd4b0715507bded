use serde::{Deserialize, Serialize};

/// What an item of work is (the page words it in the reader's language).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkKind {
    /// Secretariat: registrations awaiting approval.
    RegistrationsToDecide,
    /// Secretariat: progress reports submitted, awaiting review.
    ReportsToReview,
    /// Secretariat: delegations with members but no note verbale.
    NotesVerbalesMissing,
    /// Secretariat: comments on minutes being circulated.
    MinutesComments,
    /// Focal point: reports of an open cycle not submitted yet (or returned).
    ReportsDue,
    /// Focal point: their delegation has no head of delegation.
    HeadMissing,
    /// Focal point: self-registrations claiming their delegation, awaiting their confirmation.
    MembersToConfirm,
    /// Focal point: their delegation's note verbale has not come in.
    NoteVerbaleMissing,
    /// Head of delegation: circulated minutes open for comments.
    MinutesToComment,
}

/// One thing waiting for the signed-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItem {
    pub kind: WorkKind,
    /// The meeting (or cycle) it concerns.
    pub context: String,
    pub count: usize,
    /// A date that matters (the due date, the end of comments), `YYYY-MM-DD`.
    pub until: Option<chrono::NaiveDate>,
    /// Where it is done.
    pub link: String,
}
