use serde::{Deserialize, Serialize};

/// Why a field was refused. Translated for display by `crate::i18n`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ErrorCode {
    Required,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    InvalidEmail,
    InvalidCountry,
    InvalidTimezone,
    InvalidDate,
    InvalidTime,
    InvalidChoice,
    EndBeforeStart,
    OutsideMeetingDates,
    /// Someone else changed this text after the form was opened: `current` is what it holds
    /// now (empty: they removed it), `base` the version to send to replace it knowingly.
    ChangedMeanwhile {
        current: String,
        base: String,
    },
    Overlap {
        with: String,
    },
    InvalidPerson,
    EmailTaken,
    NoLanguage,
    IllegalTransition {
        from: String,
        to: String,
    },
    PasswordMismatch,
    CountryRequired,
    CountryNotAllowed,
    NothingToPublish,
    InvalidCredentials,
    OutOfRange {
        min: i32,
        max: i32,
    },
    InvalidPhone,
    AlreadyRegistered,
    RegistrationClosed,
    OrganisationRequired,
    UnknownBadge,
    NotApproved,
    TranslationExists,
    /// A language that is not one of the meeting's working languages.
    NotWorkingLanguage,
    /// An attached file over the size limit (`max` in MB).
    FileTooLarge {
        max: usize,
    },
    /// An attached file that is not one of the accepted types, or whose content does not match
    /// its name.
    FileType,
    /// Adopted minutes are locked.
    Locked,
    /// The comment period is over (or has not started).
    CommentsClosed,
    /// A date that must not be in the past.
    DateInPast,
    /// The document is not at the step this action needs (e.g. adopting a draft).
    WrongStep,
    /// A percentage that contradicts the status (not started must be 0, achieved 100).
    PercentMismatch,
    /// A recommendation code not like `R3.2`.
    InvalidCode,
    /// Another recommendation of the plan has this code.
    DuplicateCode,
    InvalidBody,
    InvalidFramework,
    InvalidIndicator,
    InvalidLink,
    /// A recommendation needs at least one responsible member state or regional body.
    ResponsibleRequired,
    /// The reporting cycle is not open.
    CycleClosed,
    /// The reporter is not responsible for this recommendation.
    NotResponsible,
    /// An uploaded table that cannot be read (not CSV/XLSX, wrong header, empty).
    InvalidTable,
    /// Something (e.g. the recommendation `what`) must be completed before this step.
    Incomplete {
        what: String,
    },
    /// Text holding control characters (NUL, the C0 controls other than tab and line breaks,
    /// DEL, the C1 controls): refused on both databases, never stored.
    ControlCharacters,
    /// The delegation already has a head of delegation for this meeting.
    HeadOfDelegationTaken,
    /// The current password given to change it is wrong.
    WrongPassword,
    /// A single-use link (password, confirmation) that is unknown, used or expired.
    LinkExpired,
    /// The last active secretariat account cannot be deactivated or given another role.
    LastSecretariat,
    /// The registration deadline has passed: the registration can no longer be changed.
    DeadlinePassed,
    /// A body over the size limit.
    TooLarge,
    /// The filters of a message choose nobody.
    NobodyChosen,
    /// The delegation is already waiting for the floor on this item.
    AlreadyAsked,
    /// Requiring the note verbale needs approval by the secretariat (without it nobody approves).
    NeedsApproval,
    /// Some registrations of a bulk decision cannot take it (nothing was changed): each with why
    /// (by id: the page names them from its own list, so no name travels in an address);
    /// `eligible` are the ticked ones that can, which the page offers to decide alone.
    NotEligible {
        rows: Vec<Refusal>,
        eligible: Vec<i32>,
    },
    /// The state already has a profile edition in preparation (one at a time).
    EditionInProgress,
    /// No active account has this address.
    UnknownAccount,
    /// Not a number (an indicator's value).
    NotANumber,
    /// An indicator code not like `stock.immigrants`.
    InvalidIndicatorCode,
    /// Another indicator of the set has this code.
    IndicatorCodeTaken,
    /// A validated or published profile edition is locked.
    EditionLocked,
    /// The account is already a member of the working group.
    AlreadyMember,
    /// An indicator with values keeps its unit and chapter (archive it, add a new one).
    IndicatorInUse,
}

/// One registration of a bulk decision that cannot take it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub id: i32,
    pub why: RefusalReason,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// Self-registered, and the email address is not confirmed yet.
    EmailNotConfirmed,
    /// Its status does not allow the decision (already approved, rejected, withdrawn).
    Status(crate::domain::RegistrationStatus),
    /// A head of delegation whose delegation has a head already (also one earlier in the batch).
    HeadTaken,
    /// The meeting requires the delegation's note verbale, and it has not come in.
    NoNoteVerbale,
}

impl ErrorCode {
    /// A code read back from a page's address (`?file_error=…`, `?import_errors=…`, which the
    /// server's own redirects write): only codes whose message is all the application's own.
    /// Codes that carry text into their message (an item's title, a translation's wording) are
    /// refused, so nobody can put words on a page by sending a link.
    pub fn from_address(self) -> Option<ErrorCode> {
        match self {
            ErrorCode::ChangedMeanwhile { .. }
            | ErrorCode::Overlap { .. }
            | ErrorCode::Incomplete { .. }
            | ErrorCode::NotEligible { .. } => None,
            ErrorCode::IllegalTransition { .. } => Some(ErrorCode::IllegalTransition { from: String::new(), to: String::new() }),
            other => Some(other),
        }
    }

    /// English text, used in logs and in the JSON error body for API clients.
    pub fn english(&self) -> String {
        match self {
            ErrorCode::Required => "This field is required.".into(),
            ErrorCode::TooLong { max } => format!("Must be at most {max} characters."),
            ErrorCode::TooShort { min } => format!("Must be at least {min} characters."),
            ErrorCode::InvalidEmail => "Enter a valid email address.".into(),
            ErrorCode::InvalidCountry => "Choose one of the 16 SADC member states.".into(),
            ErrorCode::InvalidTimezone => "Choose a valid IANA time zone, e.g. Africa/Dar_es_Salaam.".into(),
            ErrorCode::InvalidDate => "Enter a date as YYYY-MM-DD.".into(),
            ErrorCode::InvalidTime => "Enter a time as HH:MM (24-hour clock).".into(),
            ErrorCode::InvalidChoice => "Choose one of the listed options.".into(),
            ErrorCode::EndBeforeStart => "The end must be after the start.".into(),
            ErrorCode::OutsideMeetingDates => "Must fall within the meeting dates.".into(),
            ErrorCode::Overlap { with } => format!("Overlaps with \u{201c}{with}\u{201d} in the same session."),
            ErrorCode::ChangedMeanwhile { current, .. } if current.is_empty() => {
                "Someone else removed this text after you opened the page. Save again to keep yours.".into()
            }
            ErrorCode::ChangedMeanwhile { current, .. } => {
                format!("Someone else changed this text after you opened the page; it now reads \u{201c}{current}\u{201d}. Save again to replace it with yours.")
            }
            ErrorCode::InvalidPerson => "Write one person per line as: Name; Role; Country or organisation.".into(),
            ErrorCode::EmailTaken => "An account with this email already exists.".into(),
            ErrorCode::NoLanguage => "Choose at least one working language.".into(),
            ErrorCode::IllegalTransition { from, to } => format!("A meeting cannot go from {from} to {to}."),
            ErrorCode::PasswordMismatch => "The two passwords do not match.".into(),
            ErrorCode::CountryRequired => "A focal point must be bound to a member state or a regional body.".into(),
            ErrorCode::CountryNotAllowed => "Only focal points are bound to a member state.".into(),
            ErrorCode::InvalidCredentials => "The email address or password is not correct.".into(),
            ErrorCode::NothingToPublish => "Nothing has changed since the last published revision.".into(),
            ErrorCode::OutOfRange { min, max } => format!("Enter a whole number from {min} to {max}."),
            ErrorCode::InvalidPhone => "Enter a phone number with 6 to 20 digits, e.g. +255 22 211 0000.".into(),
            ErrorCode::AlreadyRegistered => "This email address is already registered for this meeting.".into(),
            ErrorCode::RegistrationClosed => "Registration for this meeting is not open.".into(),
            ErrorCode::OrganisationRequired => "Name the organisation you represent.".into(),
            ErrorCode::UnknownBadge => "No participant of this meeting has this badge code.".into(),
            ErrorCode::NotApproved => "This registration is not approved, so it cannot be checked in.".into(),
            ErrorCode::TranslationExists => "This paper already has a version in that language.".into(),
            ErrorCode::NotWorkingLanguage => "Must be one of the meeting's working languages.".into(),
            ErrorCode::FileTooLarge { max } => format!("The file is too large: at most {max} MB."),
            ErrorCode::FileType => {
                "Attach a PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, GIF or WebP file whose content matches its name.".into()
            }
            ErrorCode::Locked => "Adopted minutes are locked: issue a corrigendum instead.".into(),
            ErrorCode::CommentsClosed => "The comment period is closed.".into(),
            ErrorCode::DateInPast => "Choose today or a later date.".into(),
            ErrorCode::WrongStep => "This cannot be done at the current step of the workflow.".into(),
            ErrorCode::PercentMismatch => "The percentage does not match the status: not started is 0%, achieved is 100%.".into(),
            ErrorCode::InvalidCode => "Write a code such as R3.2: up to 3 letters, then numbers separated by dots.".into(),
            ErrorCode::DuplicateCode => "Another recommendation of this plan already has this code.".into(),
            ErrorCode::InvalidBody => "Use the codes of the listed regional bodies (SADC, IOM, UNHCR, ILO, UNODC, AU, WHO).".into(),
            ErrorCode::InvalidFramework => "Write framework links as GCM-1 to GCM-23 or SDG targets such as SDG-10.7.".into(),
            ErrorCode::InvalidIndicator => "Write at most 20 indicators, one per line as: name | baseline | target (and, to take the values from the migration profiles, | profile:code of an indicator of the set).".into(),
            ErrorCode::InvalidLink => "Write one web address per line, starting with https://.".into(),
            ErrorCode::ResponsibleRequired => "Choose the responsible member states (or all), or a regional body.".into(),
            ErrorCode::CycleClosed => "This reporting cycle is not open for reports.".into(),
            ErrorCode::NotResponsible => "Your country is not responsible for this recommendation.".into(),
            ErrorCode::Incomplete { what } => format!("Complete {what} first (code, theme and who is responsible)."),
            ErrorCode::ControlCharacters => "Remove the control characters (such as NUL) from this text.".into(),
            ErrorCode::HeadOfDelegationTaken => "This delegation already has a head of delegation for this meeting.".into(),
            ErrorCode::WrongPassword => "The current password is not correct.".into(),
            ErrorCode::LinkExpired => "This link has expired or was already used. Ask for a new one.".into(),
            ErrorCode::LastSecretariat => "The last active secretariat account cannot be deactivated or given another role.".into(),
            ErrorCode::DeadlinePassed => "The registration deadline has passed; the registration can no longer be changed.".into(),
            ErrorCode::TooLarge => "The submitted form is too large.".into(),
            ErrorCode::NeedsApproval => "Requiring the note verbale needs approval by the secretariat: tick that box too.".into(),
            ErrorCode::EditionInProgress => "An edition is already in preparation: publish it first.".into(),
            ErrorCode::UnknownAccount => "No active account has this address.".into(),
            ErrorCode::NotANumber => "Write a number, such as 1200000 or 3.5.".into(),
            ErrorCode::InvalidIndicatorCode => {
                "Write a code such as stock.immigrants: lowercase letters, digits, dots and underscores.".into()
            }
            ErrorCode::IndicatorCodeTaken => "Another indicator already has this code.".into(),
            ErrorCode::EditionLocked => "This edition can no longer be changed: it is validated or published.".into(),
            ErrorCode::AlreadyMember => "This account is already a member of the group.".into(),
            ErrorCode::IndicatorInUse => {
                "This indicator has values: its unit and chapter stay as they are; archive it and add a new one.".into()
            }
            ErrorCode::AlreadyAsked => "This delegation is already waiting for the floor on this item.".into(),
            ErrorCode::NobodyChosen => "Nobody is chosen: no participant has this status, category and delegation.".into(),
            ErrorCode::NotEligible { rows, .. } => {
                let named: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        let why = match r.why {
                            RefusalReason::EmailNotConfirmed => "email address not confirmed yet".to_string(),
                            RefusalReason::Status(s) => format!("status {}", s.as_str()),
                            RefusalReason::HeadTaken => "the delegation has a head of delegation already".to_string(),
                            RefusalReason::NoNoteVerbale => "the delegation's note verbale has not come in".to_string(),
                        };
                        format!("registration {} ({why})", r.id)
                    })
                    .collect();
                format!("Nothing was changed: these cannot take this decision: {}.", named.join("; "))
            }
            ErrorCode::InvalidTable => {
                "Upload the plan as CSV or XLSX with the template's header row and at least one recommendation.".into()
            }
        }
    }
}

/// One refused field: `field` is the form field name without the `form[...]` wrapper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    #[serde(flatten)]
    pub code: ErrorCode,
    /// English message for API clients; the UI translates `code` instead.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: ErrorCode) -> Self {
        let message = code.english();
        Self { field: field.into(), code, message }
    }
}

/// Collects field errors while a whole form is parsed, so the user sees all of them at once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value when `result` is Ok, records the error otherwise.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub fn push(&mut self, field: impl Into<String>, code: ErrorCode) {
        self.0.push(FieldError::new(field, code));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// `Ok(())` if nothing was recorded.
    pub fn finish(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl From<FieldError> for FieldErrors {
    fn from(e: FieldError) -> Self {
        FieldErrors(vec![e])
    }
}
