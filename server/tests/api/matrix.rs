//! The authorisation matrix: every endpoint the server has (pages, server functions, plain
//! routes, the JSON API: [`server::startup::endpoints`], read from the lists the router itself
//! is built from) × six roles, with the HTTP status each role must get.
//!
//! **A new route without an entry fails this test**: the test first compares `endpoints()` with
//! [`TABLE`] and lists every endpoint that has no entry, and every entry that matches no
//! endpoint. An endpoint may have several entries (a paper at each access level, a draft
//! meeting); each must have at least one.
//!
//! Each entry of [`TABLE`] is
//!
//! - the method and the route exactly as `endpoints()` gives it (`/meetings/{id}/agenda`);
//! - the request: a path with placeholders (`/meetings/{meeting}/agenda`) and a body:
//!   [`Body::Form`] for a server function's form struct (sent as `form[field]`),
//!   [`Body::Fields`] for plain fields (server functions with scalar arguments, axum forms),
//!   [`Body::Json`], or [`Body::File`] (a multipart upload of one `file` field);
//! - the expected status for each role, in this order (see [`ROLES`]):
//!   `"anonymous  delegate-of-this-meeting  delegate-of-another  focal-point-TZ  focal-point-MZ  secretariat"`,
//!   e.g. `"401 403 403 403 403 200"`.
//!
//! The fixture (one app, one database for the whole table) is a meeting open for registration
//! (English and French, a published agenda, registrations, papers at each access level with a
//! file, circulated minutes with a section, an adopted plan whose recommendations name Tanzania
//! (R1 also Mozambique; R2 and R3 only Tanzania), an open reporting cycle with Tanzania's
//! reports (R1 submitted, R2 a draft, each with an evidence file)), a second meeting (where the
//! other delegate is approved; a draft plan; adopted minutes) and a draft meeting. The roles:
//!
//! - anonymous: no session;
//! - delegate of this meeting: a delegate account approved as Tanzania's head of delegation
//!   in the meeting (reads delegates-only papers, comments on circulated minutes);
//! - delegate of another meeting: a delegate account approved only in the second meeting;
//! - focal point of this country: bound to Tanzania (TZ); of another country: Mozambique (MZ);
//! - the secretariat.
//!
//! The JSON API (`/api/v1/…`) is called the way each role would call it: the focal points and
//! the secretariat with their own bearer token (`Authorization: Bearer midsa_…`, created on
//! `/me/tokens`), from a client without cookies; delegates, who may not hold tokens, with their
//! session cookie (the API then acts as the signed-in user, like the pages); the public with
//! nothing.
//!
//! Placeholders are resolved just before each call; some make a fresh object for that call, so
//! that every allowed role succeeds with its real status and nothing later breaks: `{uniq}` (a
//! new number), `{scratch}` / `{scratch_session}` / `{scratch_item}` (a new draft meeting with a
//! session and an item), `{new_reg}` (a new pending Tanzanian registration; `{new_reg_mz}` a
//! Mozambican one, `{new_observer}` an observer who named Tanzania), `{confirm_token}`
//! (a new unconfirmed self-registration), `{new_invite}`, `{new_section}`, `{new_paper_file}`,
//! `{new_evidence}` (a file on Tanzania's R2 draft), `{new_cycle}`, `{new_rec}` (in the second
//! meeting's draft plan), `{new_tz_token}`, and current versions (`{plan_version}`,
//! `{minutes_version}`, `{scratch_item_version}`); the others are the fixture's ids.
//!
//! For each entry the roles that are refused run first, then those that are allowed. A refused
//! POST must change nothing: a fingerprint of the database (every table's row count, highest
//! id, sum of versions and latest `updated_at`; the outbox and the audit log included) is taken
//! before and after it (leaving out what the outbox worker writes on its own: reminder and digest
//! claims and the emails only it queues). Calls that change the caller's session (sign-in, sign-out, accepting an
//! invitation) are made from a throwaway session of the same role. Every mismatch is collected
//! and the test fails once, at the end, with all of them.

use crate::helpers::*;
use app::domain::Role;
use app::features::auth::types::CurrentUser;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

/// The six roles, in the order of the expected statuses.
pub const ROLES: [&str; 6] = [
    "anonymous",
    "delegate (this meeting)",
    "delegate (other meeting)",
    "focal point (this country)",
    "focal point (other country)",
    "secretariat",
];

/// The body of a request; values may hold placeholders.
#[derive(Clone, Copy)]
pub enum Body {
    None,
    /// A server function's form struct: each field sent as `form[field]`.
    Form(&'static [(&'static str, &'static str)]),
    /// Plain form fields.
    Fields(&'static [(&'static str, &'static str)]),
    Json(&'static str),
    /// A multipart form with one `file` field: (file name, content).
    File(&'static str, &'static str),
}

pub struct Entry {
    pub method: &'static str,
    /// The route exactly as `endpoints()` lists it.
    pub route: &'static str,
    /// The concrete path (with placeholders).
    pub path: &'static str,
    pub body: Body,
    /// Expected statuses, one per role of [`ROLES`].
    pub expect: &'static str,
    /// Made from a throwaway session of the role (the call changes the caller's session).
    pub fresh: bool,
}

/// A page (or other GET) at `path`.
const fn get(route: &'static str, path: &'static str, expect: &'static str) -> Entry {
    Entry { method: "GET", route, path, body: Body::None, expect, fresh: false }
}

/// A POST to `path`.
const fn post(route: &'static str, path: &'static str, body: Body, expect: &'static str) -> Entry {
    Entry { method: "POST", route, path, body, expect, fresh: false }
}

/// A server function (POST to its own path).
const fn sf(route: &'static str, body: Body, expect: &'static str) -> Entry {
    post(route, route, body, expect)
}

impl Entry {
    const fn fresh(self) -> Entry {
        Entry { fresh: true, ..self }
    }
}

use Body::{Fields, File, Form, Json};

const EVERYONE: &str = "200 200 200 200 200 200";
const SECRETARIAT: &str = "401 403 403 403 403 200";
const SIGNED_IN: &str = "401 200 200 200 200 200";
/// Focal points (any country) and the secretariat.
const FOCAL_POINTS: &str = "401 403 403 200 200 200";
/// Tanzania's focal point and the secretariat: Tanzania's delegation, reports, registrations.
const TANZANIA: &str = "401 403 403 200 403 200";
/// Visible to the secretariat only; hidden (404) from everyone else.
const HIDDEN: &str = "404 404 404 404 404 200";
/// A delegates-only paper: the meeting's approved delegates and the secretariat.
const DELEGATES: &str = "404 200 404 404 404 200";
/// The delegate's own registration (of this meeting's head of delegation): theirs only.
const OWNER: &str = "401 200 404 404 404 404";
/// Tanzania's migration profile in preparation: its working group (the delegate of the other
/// meeting is a member), its focal point and the secretariat; hidden from everyone else.
const TZ_GROUP: &str = "404 404 200 200 404 200";
/// Writing in it: the same, anonymous callers told to sign in.
const TZ_GROUP_WRITE: &str = "401 404 200 200 404 200";
/// Nothing there for anyone (a one-time link's cookie is missing).
const NONE_FOUND: &str = "404 404 404 404 404 404";

const PDF: &str = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

#[rustfmt::skip]
pub const TABLE: &[Entry] = &[
    // ----- Pages -----
    get("/", "/", EVERYONE),
    get("/meetings", "/meetings", EVERYONE),
    get("/meetings/new", "/meetings/new", SECRETARIAT),
    get("/meetings/{id}", "/meetings/{meeting}", EVERYONE),
    get("/meetings/{id}", "/meetings/{draft}", HIDDEN),
    get("/meetings/{id}/edit", "/meetings/{meeting}/edit", SECRETARIAT),
    get("/meetings/{id}/agenda", "/meetings/{meeting}/agenda", EVERYONE),
    get("/meetings/{id}/agenda", "/meetings/{draft}/agenda", HIDDEN),
    get("/meetings/{id}/live", "/meetings/{meeting}/live", EVERYONE),
    get("/meetings/{id}/live", "/meetings/{draft}/live", HIDDEN),
    get("/meetings/{id}/speakers", "/meetings/{meeting}/speakers", SIGNED_IN),
    get("/meetings/{id}/agenda/revisions", "/meetings/{meeting}/agenda/revisions", EVERYONE),
    get("/meetings/{id}/agenda/edit", "/meetings/{meeting}/agenda/edit", SECRETARIAT),
    get("/meetings/{id}/agenda/sessions/{sid}", "/meetings/{meeting}/agenda/sessions/{session}", SECRETARIAT),
    get("/meetings/{id}/agenda/items/{iid}", "/meetings/{meeting}/agenda/items/{item}", SECRETARIAT),
    get("/meetings/{id}/translations", "/meetings/{meeting}/translations", SECRETARIAT),
    get("/meetings/{id}/translations/{lang}", "/meetings/{meeting}/translations/fr", SECRETARIAT),
    get("/meetings/{id}/register", "/meetings/{meeting}/register", EVERYONE),
    get("/meetings/{id}/register/thanks", "/meetings/{meeting}/register/thanks", EVERYONE),
    get("/meetings/{id}/registrations", "/meetings/{meeting}/registrations", SECRETARIAT),
    // A focal point sees their own country's delegation (Mozambique's for Mozambique's).
    get("/meetings/{id}/delegation", "/meetings/{meeting}/delegation", FOCAL_POINTS),
    get("/meetings/{id}/participants", "/meetings/{meeting}/participants", EVERYONE),
    get("/meetings/{id}/badges", "/meetings/{meeting}/badges", SECRETARIAT),
    get("/meetings/{id}/messages", "/meetings/{meeting}/messages?status=approved", SECRETARIAT),
    get("/meetings/{id}/messages/{mid}", "/meetings/{meeting}/messages/{message}", SECRETARIAT),
    get("/meetings/{id}/checkin", "/meetings/{meeting}/checkin", SECRETARIAT),
    get("/registrations/confirm/{token}", "/registrations/confirm/{confirm_token}", EVERYONE),
    get("/me", "/me", SIGNED_IN),
    get("/work", "/work", SIGNED_IN),
    get("/profiles", "/profiles", EVERYONE),
    get("/profiles/regional", "/profiles/regional", EVERYONE),
    get("/profiles/indicators", "/profiles/indicators", SECRETARIAT),
    get("/profiles/regional/compile", "/profiles/regional/compile", SECRETARIAT),
    get("/profiles/{code}", "/profiles/TZ", EVERYONE),
    get("/profiles/{code}", "/profiles/XX", NONE_FOUND),
    get("/profiles/{code}/{year}", "/profiles/TZ/2024", EVERYONE),
    // In review: Tanzania's working group (the other meeting's delegate is a member), its focal
    // point and the secretariat; Mozambique's published edition is not public.
    get("/profiles/{code}/{year}", "/profiles/TZ/2026", TZ_GROUP),
    get("/profiles/{code}/{year}", "/profiles/MZ/2025", "404 404 404 404 200 200"),
    get("/me/tokens", "/me/tokens", FOCAL_POINTS),
    get("/me/password", "/me/password", SIGNED_IN),
    // A person's own registration: theirs only (everyone else: no such page).
    get("/me/registrations/{rid}", "/me/registrations/{head_reg}", OWNER),
    get("/meetings/{id}/papers", "/meetings/{meeting}/papers", EVERYONE),
    get("/papers/new", "/papers/new?meeting={meeting}", SECRETARIAT),
    get("/papers/{pid}", "/papers/{paper_public}", EVERYONE),
    get("/papers/{pid}", "/papers/{paper_delegates}", DELEGATES),
    get("/papers/{pid}", "/papers/{paper_secretariat}", HIDDEN),
    get("/papers/{pid}/edit", "/papers/{paper_public}/edit", SECRETARIAT),
    get("/papers/{pid}/versions/{n}", "/papers/{paper_delegates}/versions/1", SECRETARIAT),
    get("/meetings/{id}/minutes", "/meetings/{meeting}/minutes", EVERYONE),
    get("/meetings/{id}/minutes/print", "/meetings/{meeting}/minutes/print", EVERYONE),
    get("/meetings/{id}/plan", "/meetings/{meeting}/plan", EVERYONE),
    get("/meetings/{id}/plan/dashboard", "/meetings/{meeting}/plan/dashboard", EVERYONE),
    get("/meetings/{id}/plan/countries/{code}", "/meetings/{meeting}/plan/countries/TZ", EVERYONE),
    get("/cycles/{cid}", "/cycles/{cycle}", FOCAL_POINTS),
    get("/cycles/{cid}/consolidated", "/cycles/{cycle}/consolidated", SECRETARIAT),
    get("/cycles/{cid}/reports/{rid}/{reporter}", "/cycles/{cycle}/reports/{r1}/TZ", TANZANIA),
    // Mozambique's report on R2, which names Tanzania only: no such report (404) for those who may look.
    get("/cycles/{cid}/reports/{rid}/{reporter}", "/cycles/{cycle}/reports/{r2}/MZ", "401 403 403 403 404 404"),
    get("/search", "/search?q=brief", EVERYONE),
    get("/login", "/login", EVERYONE),
    get("/invite", "/invite", EVERYONE),
    get("/password/forgot", "/password/forgot", EVERYONE),
    get("/password/reset", "/password/reset", EVERYONE),
    get("/admin/users", "/admin/users", SECRETARIAT),
    get("/admin/users/{uid}", "/admin/users/{new_user}", SECRETARIAT),
    get("/admin/audit", "/admin/audit", SECRETARIAT),

    // ----- Server functions: accounts and administration -----
    sf("/api/auth/me", Fields(&[]), EVERYONE),
    sf("/api/auth/login", Form(&[("email", "login@matrix.example"), ("password", PASSWORD)]), EVERYONE).fresh(),
    sf("/api/auth/logout", Fields(&[]), EVERYONE).fresh(),
    sf("/api/users/list", Fields(&[]), SECRETARIAT),
    sf("/api/users/list", Fields(&[("filter[role]", "delegate"), ("filter[state]", "active")]), SECRETARIAT),
    sf("/api/users/invite", Form(&[("email", "invited{uniq}@matrix.example"), ("display_name", "Invited"), ("role", "delegate")]), SECRETARIAT),
    sf("/api/users/get", Fields(&[("id", "{new_user}")]), SECRETARIAT),
    sf("/api/users/update", Form(&[("id", "{new_user}"), ("role", "focal_point"), ("country", "TZ")]), SECRETARIAT),
    sf("/api/users/active", Fields(&[("id", "{new_user}"), ("active", "false")]), SECRETARIAT),
    sf("/api/users/resend-invitation", Fields(&[("id", "{new_invitee}")]), SECRETARIAT),
    // The emailed links work through a cookie (`GET /invite/{token}`, below): without one there
    // is no invitation and no password link to use.
    sf("/api/invite/check", Fields(&[]), NONE_FOUND),
    sf("/api/invite/accept", Form(&[("password", PASSWORD), ("password_confirm", PASSWORD)]), NONE_FOUND),
    sf("/api/password/request", Form(&[("email", "forgot{uniq}@matrix.example")]), EVERYONE),
    sf("/api/password/check", Fields(&[]), "422 422 422 422 422 422"),
    sf("/api/password/reset", Form(&[("password", PASSWORD), ("password_confirm", PASSWORD)]), "422 422 422 422 422 422"),
    // The current password is checked (a wrong one here, so nobody's password changes).
    sf("/api/password/change", Form(&[("current", "not the password!"), ("password", PASSWORD), ("password_confirm", PASSWORD)]), "401 422 422 422 422 422"),
    sf("/api/audit/list", Fields(&[]), SECRETARIAT),
    sf("/api/tokens/list", Fields(&[]), FOCAL_POINTS),
    sf("/api/tokens/create", Form(&[("name", "Token {uniq}")]), FOCAL_POINTS),
    // Tanzania's token: its owner and the secretariat revoke it; for Mozambique it does not exist.
    sf("/api/tokens/revoke", Fields(&[("token_id", "{new_tz_token}")]), "401 403 403 200 404 200"),
    sf("/api/search", Fields(&[("q", "brief")]), EVERYONE),

    // ----- Meetings, agenda, translations -----
    sf("/api/meetings/list", Fields(&[]), EVERYONE),
    sf("/api/meetings/get", Fields(&[("id", "{meeting}")]), EVERYONE),
    sf("/api/meetings/get", Fields(&[("id", "{draft}")]), HIDDEN),
    sf("/api/meetings/save", Form(&[
        ("id", ""), ("kind", "workshop"), ("title", "Workshop {uniq}"), ("description", "Text"), ("venue", "Hotel"),
        ("city", "Maputo"), ("host_country", "MZ"), ("timezone", "Africa/Maputo"), ("start_date", "{day}"),
        ("end_date", "{day}"), ("lang_en", "on"),
    ]), SECRETARIAT),
    sf("/api/meetings/status", Form(&[("id", "{scratch}"), ("version", "1"), ("to", "announced")]), SECRETARIAT),
    sf("/api/agenda/get", Fields(&[("meeting_id", "{meeting}")]), EVERYONE),
    sf("/api/agenda/get", Fields(&[("meeting_id", "{draft}")]), HIDDEN),
    sf("/api/agenda/live", Fields(&[("meeting_id", "{meeting}")]), EVERYONE),
    sf("/api/agenda/live", Fields(&[("meeting_id", "{draft}")]), HIDDEN),
    sf("/api/agenda/speakers", Fields(&[("meeting_id", "{meeting}")]), SIGNED_IN),
    // Running the list is the chair's (asking for the floor, which depends on who asked first,
    // is tested in the service and Playwright tests).
    sf("/api/agenda/speakers/act", Form(&[("meeting_id", "{meeting}"), ("item_id", "{item}"), ("action", "limit"), ("minutes", "3")]),
        SECRETARIAT),
    sf("/api/agenda/live/announce", Form(&[("meeting_id", "{meeting}"), ("kind", "note"), ("note", "Lunch on the terrace.")]), SECRETARIAT),
    sf("/api/agenda/revisions", Fields(&[("meeting_id", "{meeting}")]), EVERYONE),
    sf("/api/agenda/draft", Fields(&[("meeting_id", "{meeting}")]), SECRETARIAT),
    sf("/api/agenda/sessions/save", Form(&[("meeting_id", "{meeting}"), ("id", ""), ("day", "{day}"), ("title", "Side event {uniq}")]), SECRETARIAT),
    sf("/api/agenda/items/save", Form(&[
        ("meeting_id", "{scratch}"), ("session_id", "{scratch_session}"), ("id", ""), ("kind", "item"),
        ("start", "11:00"), ("end", "11:30"), ("title", "Added item"),
    ]), SECRETARIAT),
    sf("/api/agenda/move", Form(&[("target", "item"), ("id", "{scratch_item}"), ("direction", "down")]), SECRETARIAT),
    sf("/api/agenda/delete", Form(&[("target", "item"), ("id", "{scratch_item}"), ("version", "{scratch_item_version}")]), SECRETARIAT),
    sf("/api/agenda/publish", Form(&[("meeting_id", "{scratch}"), ("note", "First")]), SECRETARIAT),
    sf("/api/translations/overview", Fields(&[("meeting_id", "{meeting}")]), SECRETARIAT),
    sf("/api/translations/workbench", Fields(&[("meeting_id", "{meeting}"), ("lang", "fr")]), SECRETARIAT),
    sf("/api/translations/save", Form(&[("meeting_id", "{meeting}"), ("lang", "fr")]), SECRETARIAT),

    // ----- Registration -----
    sf("/api/registration/overview", Fields(&[("meeting_id", "{meeting}")]), EVERYONE),
    sf("/api/registration/settings", Form(&[
        ("meeting_id", "{scratch}"), ("opens_at", "{opens}"), ("closes_at", "{closes}"), ("capacity", "10"),
        ("quota", "2"), ("cat_delegate", "on"),
    ]), SECRETARIAT),
    // Anyone registers themselves; a focal point nominates for their own country only.
    sf("/api/registration/register", Form(&[
        ("meeting_id", "{meeting}"), ("category", "delegate"), ("country", "TZ"), ("given_name", "Neema"),
        ("family_name", "Kimaro"), ("position", "Director"), ("email", "reg{uniq}@gov.tz.example"),
    ]), "200 200 200 200 403 200"),
    // Replacing a member withdraws them: a focal point replaces only their own country's.
    sf("/api/registration/register", Form(&[
        ("meeting_id", "{meeting}"), ("category", "delegate"), ("country", "TZ"), ("given_name", "Neema"),
        ("family_name", "Kimaro"), ("position", "Director"), ("email", "rep{uniq}@gov.tz.example"), ("replaces", "{new_reg_mz}"),
    ]), "401 403 403 403 403 200"),
    sf("/api/registration/confirm", Fields(&[("token", "{confirm_token}")]), EVERYONE),
    sf("/api/registration/confirmation-status", Fields(&[("token", "{confirm_token}")]), EVERYONE),
    sf("/api/registration/decide", Form(&[("meeting_id", "{meeting}"), ("ids][0", "{new_reg}"), ("decision", "approve")]), SECRETARIAT),
    sf("/api/registration/withdraw", Fields(&[("id", "{new_reg}")]), TANZANIA),
    // An observer who named Tanzania is not Tanzania's delegation: the secretariat's only.
    sf("/api/registration/withdraw", Fields(&[("id", "{new_observer}")]), SECRETARIAT),
    sf("/api/registration/list", Fields(&[("meeting_id", "{meeting}")]), SECRETARIAT),
    sf("/api/registration/delegation", Fields(&[("meeting_id", "{meeting}"), ("country", "TZ")]), TANZANIA),
    sf("/api/registration/delegations", Fields(&[("meeting_id", "{meeting}")]), SECRETARIAT),
    sf("/api/registration/letters", Fields(&[("meeting_id", "{meeting}")]), SECRETARIAT),
    sf("/api/registration/messages", Fields(&[("meeting_id", "{meeting}"), ("status", ""), ("category", ""), ("country", "TZ")]), SECRETARIAT),
    sf("/api/registration/message", Fields(&[("id", "{message}")]), SECRETARIAT),
    sf("/api/registration/messages/send", Form(&[
        ("meeting_id", "{meeting}"), ("token", "matrix-send"), ("country", "TZ"), ("subject_en", "Shuttle"), ("body_en", "At 07:30."),
    ]), SECRETARIAT),
    sf("/api/registration/participants", Fields(&[("meeting_id", "{meeting}")]), EVERYONE),
    sf("/api/registration/badges", Fields(&[("meeting_id", "{meeting}")]), SECRETARIAT),
    sf("/api/registration/search", Fields(&[("meeting_id", "{meeting}"), ("q", "Juma")]), SECRETARIAT),
    sf("/api/registration/checkin", Form(&[("meeting_id", "{meeting}"), ("token", "{checkin_token}")]), SECRETARIAT),
    sf("/api/registration/checkin-info", Fields(&[("meeting_id", "{meeting}"), ("id", "{head_reg}"), ("newly", "false")]), SECRETARIAT),
    sf("/api/me/registrations", Fields(&[]), SIGNED_IN),
    sf("/api/work", Fields(&[]), SIGNED_IN),

    // ----- Migration profiles -----
    sf("/api/profiles/home", Fields(&[]), EVERYONE),
    sf("/api/profiles/state", Fields(&[("country", "TZ")]), EVERYONE),
    sf("/api/profiles/edition", Fields(&[("country", "TZ"), ("year", "2026")]), TZ_GROUP),
    sf("/api/profiles/regional", Fields(&[]), EVERYONE),
    sf("/api/profiles/indicators", Fields(&[]), SECRETARIAT),
    sf("/api/profiles/compile", Fields(&[]), SECRETARIAT),
    sf("/api/profiles/twg", Form(&[("country", "TZ"), ("version", "{twg_version}"), ("ministries", "Home Affairs\nLabour"), ("public", "on")]), TANZANIA),
    sf("/api/profiles/member_add", Form(&[("country", "TZ"), ("name", "Member {uniq}"), ("ministry", "Labour")]), TANZANIA),
    sf("/api/profiles/member_remove", Fields(&[("member_id", "{new_member}")]), TANZANIA),
    sf("/api/profiles/meeting_link", Form(&[("country", "TZ"), ("meeting_id", "{new_twg_meeting}")]), TANZANIA),
    sf("/api/profiles/meeting_unlink", Form(&[("country", "TZ"), ("meeting_id", "{linked_twg_meeting}")]), TANZANIA),
    // Tanzania has an edition in review: starting another is refused (422) to those who may.
    sf("/api/profiles/edition_new", Form(&[("country", "TZ"), ("year", "2027")]), "401 403 403 422 403 422"),
    sf("/api/profiles/chapter", Form(&[
        ("edition_id", "{tz_review}"), ("chapter", "context"), ("lang", "fr"), ("version", "{tz_text_version}"), ("body", "Texte {uniq}."),
    ]), TZ_GROUP_WRITE),
    sf("/api/profiles/values", Fields(&[
        ("form[edition_id]", "{tz_review}"), ("form[version]", "{tz_edition_version}"), ("form[indicator][0]", "{indicator}"),
        ("form[value][0]", "12.5"), ("form[year][0]", ""), ("form[source][0]", "INE"), ("form[note][0]", ""),
    ]), TZ_GROUP_WRITE),
    sf("/api/profiles/comment", Form(&[("edition_id", "{tz_review}"), ("chapter", "context"), ("body", "Agreed {uniq}.")]), TZ_GROUP_WRITE),
    // Validation is the focal point's alone (a member and the secretariat are refused); after
    // this entry Tanzania's 2026 edition is validated.
    sf("/api/profiles/step", Form(&[("edition_id", "{tz_review}"), ("version", "{tz_edition_version}"), ("to", "validated")]), "401 404 403 200 404 403"),
    sf("/api/profiles/indicator", Form(&[("id", ""), ("code", "ind_{uniq}"), ("name_en", "Indicator {uniq}"), ("chapter", "context")]), SECRETARIAT),
    sf("/api/profiles/interval", Form(&[("years", "3")]), SECRETARIAT),
    sf("/api/profiles/propose", Form(&[("edition_id", "{tz_published}"), ("meeting_id", "{other}")]), SECRETARIAT),
    sf("/api/me/registration", Fields(&[("id", "{head_reg}")]), OWNER),
    sf("/api/me/registration/update", Form(&[
        ("id", "{own_reg}"), ("given_name", "Juma"), ("family_name", "Mwakyusa"), ("position", "Minister"),
    ]), OWNER),
    sf("/api/me/registration/cancel", Fields(&[("id", "{own_reg}")]), OWNER),
    // A self-registered member of Tanzania's delegation: Tanzania's focal point or the secretariat confirms.
    sf("/api/registration/confirm-delegation", Fields(&[("id", "{new_self_tz}")]), TANZANIA),
    // Before revoke: each role revokes the link it has just made.
    sf("/api/me/feed/create", Fields(&[]), SIGNED_IN),
    sf("/api/me/feed/revoke", Fields(&[]), SIGNED_IN),

    // ----- Papers -----
    sf("/api/papers/list", Fields(&[("meeting_id", "{meeting}")]), EVERYONE),
    sf("/api/papers/get", Fields(&[("id", "{paper_public}")]), EVERYONE),
    sf("/api/papers/get", Fields(&[("id", "{paper_delegates}")]), DELEGATES),
    sf("/api/papers/get", Fields(&[("id", "{paper_secretariat}")]), HIDDEN),
    sf("/api/papers/version", Fields(&[("id", "{paper_delegates}"), ("number", "1")]), SECRETARIAT),
    sf("/api/papers/save", Form(&[
        ("id", ""), ("meeting_id", "{meeting}"), ("lang", "en"), ("access", "public"), ("title", "Paper {uniq}"), ("body", "Body"),
    ]), SECRETARIAT),
    sf("/api/papers/remove_file", Fields(&[("file_id", "{new_paper_file}")]), SECRETARIAT),

    // ----- Minutes -----
    sf("/api/minutes/get", Fields(&[("meeting_id", "{meeting}")]), EVERYONE),
    sf("/api/minutes/create", Fields(&[("meeting_id", "{scratch}")]), SECRETARIAT),
    sf("/api/minutes/section", Form(&[("id", ""), ("meeting_id", "{meeting}"), ("title", "Section {uniq}"), ("body", "Text.")]), SECRETARIAT),
    sf("/api/minutes/section_delete", Fields(&[("section_id", "{new_section}")]), SECRETARIAT),
    sf("/api/minutes/step", Form(&[("meeting_id", "{meeting}"), ("version", "{minutes_version}"), ("step", "access"), ("access", "delegates")]), SECRETARIAT),
    // Circulated minutes are the heads of delegation's: hidden from everyone else.
    sf("/api/minutes/comment", Form(&[("section_id", "{section}"), ("body", "Tanzania agrees.")]), "401 200 404 404 404 200"),
    sf("/api/minutes/corrigendum", Form(&[("meeting_id", "{other}"), ("body", "Corrigendum {uniq}.")]), SECRETARIAT),

    // ----- Plan of Action, reports, dashboard -----
    sf("/api/plan/get", Fields(&[("meeting_id", "{meeting}")]), EVERYONE),
    sf("/api/plan/recommendation", Form(&[
        ("id", ""), ("meeting_id", "{other}"), ("code", "R{uniq}"), ("text", "Do it."), ("theme", "labour"),
        ("level", "national"), ("states", "TZ"),
    ]), SECRETARIAT),
    sf("/api/plan/recommendation_delete", Fields(&[("recommendation_id", "{new_rec}")]), SECRETARIAT),
    sf("/api/plan/step", Form(&[("meeting_id", "{meeting}"), ("version", "{plan_version}"), ("step", "publication")]), SECRETARIAT),
    sf("/api/plan/theme", Form(&[("code", "t{uniq}"), ("name_en", "Theme {uniq}")]), SECRETARIAT),
    sf("/api/plan/matrix", Fields(&[("meeting_id", "{meeting}"), ("query[theme]", "")]), EVERYONE),
    sf("/api/plan/country", Fields(&[("meeting_id", "{meeting}"), ("code", "TZ"), ("page", "1")]), EVERYONE),
    sf("/api/cycles/get", Fields(&[("cycle_id", "{cycle}")]), FOCAL_POINTS),
    sf("/api/cycles/open", Form(&[("meeting_id", "{meeting}"), ("title", "Cycle {uniq}"), ("opens_on", "{today}"), ("due_on", "{due}")]), SECRETARIAT),
    sf("/api/cycles/close", Fields(&[("cycle_id", "{new_cycle}")]), SECRETARIAT),
    sf("/api/cycles/consolidated", Fields(&[("cycle_id", "{cycle}")]), SECRETARIAT),
    sf("/api/reports/get", Fields(&[("cycle_id", "{cycle}"), ("recommendation_id", "{r1}"), ("reporter", "TZ")]), TANZANIA),
    // R2 names Tanzania only: Mozambique's focal point is told its country is not responsible.
    sf("/api/reports/save", Form(&[
        ("cycle_id", "{cycle}"), ("recommendation_id", "{r2}"), ("status", "in_progress"), ("percent", "40"), ("narrative", "Drafted."),
    ]), "401 403 403 200 422 403"),
    sf("/api/reports/review", Form(&[("report_id", "{report_submitted}"), ("decision", "validate")]), SECRETARIAT),
    // A file on Tanzania's draft: not Mozambique's to see (404); the secretariat never edits drafts.
    sf("/api/reports/remove_file", Fields(&[("file_id", "{new_evidence}")]), "401 403 403 200 404 403"),

    // ----- Plain routes -----
    get("/health", "/health", EVERYONE),
    post("/set-language", "/set-language", Fields(&[("lang", "en")]), "303 303 303 303 303 303"),
    post("/set-lite", "/set-lite", Fields(&[("lite", "off")]), "303 303 303 303 303 303"),
    get("/meetings/{id}/calendar.ics", "/meetings/{meeting}/calendar.ics", EVERYONE),
    get("/meetings/{id}/calendar.ics", "/meetings/{draft}/calendar.ics", HIDDEN),
    get("/meetings/{id}/registrations.csv", "/meetings/{meeting}/registrations.csv", SECRETARIAT),
    get("/meetings/{id}/registrations.xlsx", "/meetings/{meeting}/registrations.xlsx", SECRETARIAT),
    get("/feeds/{file}", "/feeds/{feed}.ics", EVERYONE),
    get("/invite/{token}", "/invite/{invite}", "303 303 303 303 303 303"),
    get("/password/reset/{token}", "/password/reset/{uniq}", "303 303 303 303 303 303"),
    get("/meetings/{id}/pack.zip", "/meetings/{meeting}/pack.zip", EVERYONE),
    post("/meetings/{id}/plan/import", "/meetings/{other}/plan/import",
        File("plan.csv", "code,theme,level,states,bodies,text_en\nI{uniq},labour,national,TZ,,Imported.\n"), "401 403 403 403 403 201"),
    get("/meetings/{id}/plan.csv", "/meetings/{meeting}/plan.csv", EVERYONE),
    get("/profiles/regional.csv", "/profiles/regional.csv", EVERYONE),
    get("/profiles/regional.xlsx", "/profiles/regional.xlsx", EVERYONE),
    get("/meetings/{id}/plan.xlsx", "/meetings/{meeting}/plan.xlsx", EVERYONE),
    // The plan does not publish its statuses: the matrix is the focal points' and secretariat's.
    get("/meetings/{id}/plan/matrix.csv", "/meetings/{meeting}/plan/matrix.csv", "404 404 404 200 200 200"),
    get("/meetings/{id}/plan/matrix.xlsx", "/meetings/{meeting}/plan/matrix.xlsx", "404 404 404 200 200 200"),
    get("/plan-template.csv", "/plan-template.csv", EVERYONE),
    get("/plan-template.xlsx", "/plan-template.xlsx", EVERYONE),
    post("/cycles/{cid}/reports/{rid}/files", "/cycles/{cycle}/reports/{r2}/files", File("evidence.pdf", PDF), "401 403 403 201 422 403"),
    // A submitted version's file: the reporter, focal points and the secretariat (narratives not public).
    get("/report-files/{id}/{name}", "/report-files/{ev_submitted}/evidence.pdf", "404 404 404 200 200 200"),
    // A draft's file: its reporter only.
    get("/report-files/{id}/{name}", "/report-files/{ev_draft}/evidence.pdf", "404 404 404 200 404 404"),
    get("/cycles/{cid}/reports.csv", "/cycles/{cycle}/reports.csv", SECRETARIAT),
    get("/cycles/{cid}/reports.xlsx", "/cycles/{cycle}/reports.xlsx", SECRETARIAT),
    get("/papers/{id}/files/{file}/{name}", "/papers/{paper_public}/files/{file_public}/brief.pdf", EVERYONE),
    get("/papers/{id}/files/{file}/{name}", "/papers/{paper_delegates}/files/{file_delegates}/brief.pdf", DELEGATES),
    get("/papers/{id}/files/{file}/{name}", "/papers/{paper_secretariat}/files/{file_secretariat}/brief.pdf", HIDDEN),
    // A file is only found under its own paper (a readable paper does not open another's file).
    get("/papers/{id}/files/{file}/{name}", "/papers/{paper_public}/files/{file_secretariat}/brief.pdf", "404 404 404 404 404 404"),
    post("/papers/{id}/files", "/papers/{paper_public}/files", File("annex.pdf", PDF), "401 403 403 403 403 201"),
    // Notes verbales: the state's own focal point and the secretariat, nobody else (not even to know one exists).
    post("/meetings/{id}/delegations/{country}/note-verbale", "/meetings/{meeting}/delegations/TZ/note-verbale",
        File("nv.pdf", PDF), "401 403 403 201 403 201"),
    post("/meetings/{id}/delegations/{country}/note-verbale", "/meetings/{meeting}/delegations/XX/note-verbale",
        File("nv.pdf", PDF), "401 404 404 404 404 404"),
    get("/meetings/{id}/notes-verbales/{note}/{name}", "/meetings/{meeting}/notes-verbales/{note}/nv.pdf", "404 404 404 200 404 200"),
    get("/meetings/{id}/notes-verbales/{note}/{name}", "/meetings/{other}/notes-verbales/{note}/nv.pdf", "404 404 404 404 404 404"),
    // Letters: the participant (Juma) and the secretariat; a certificate not before the check-in
    // and the meeting's last day (422 for them, 404 for everyone else).
    get("/registrations/{id}/invitation.pdf", "/registrations/{head_reg}/invitation.pdf", "404 200 404 404 404 200"),
    get("/registrations/{id}/certificate.pdf", "/registrations/{head_reg}/certificate.pdf", "404 422 404 404 404 422"),
    get("/meetings/{id}/invitations.zip", "/meetings/{meeting}/invitations.zip", "401 403 403 403 403 200"),
    get("/meetings/{id}/certificates.zip", "/meetings/{meeting}/certificates.zip", "401 403 403 403 403 422"),
    post("/meetings/{id}/letters", "/meetings/{meeting}/letters", File("letterhead.pdf", PDF), "401 403 403 403 403 201"),

    // ----- JSON API (focal points and secretariat with their bearer token) -----
    get("/api/v1/meetings", "/api/v1/meetings", EVERYONE),
    get("/api/v1/profiles", "/api/v1/profiles", EVERYONE),
    get("/api/v1/profiles/indicators", "/api/v1/profiles/indicators", EVERYONE),
    get("/api/v1/profiles/regional", "/api/v1/profiles/regional", EVERYONE),
    get("/api/v1/profiles/{country}/{year}", "/api/v1/profiles/TZ/2024", EVERYONE),
    get("/api/v1/profiles/{country}/{year}", "/api/v1/profiles/TZ/2026", TZ_GROUP),
    get("/api/v1/profiles/{country}/{year}", "/api/v1/profiles/MZ/2025", "404 404 404 404 200 200"),
    get("/api/v1/meetings/{id}", "/api/v1/meetings/{meeting}", EVERYONE),
    get("/api/v1/meetings/{id}", "/api/v1/meetings/{draft}", HIDDEN),
    get("/api/v1/meetings/{id}/agenda", "/api/v1/meetings/{meeting}/agenda", EVERYONE),
    get("/api/v1/meetings/{id}/plan", "/api/v1/meetings/{meeting}/plan", EVERYONE),
    get("/api/v1/meetings/{id}/plan/matrix", "/api/v1/meetings/{meeting}/plan/matrix", EVERYONE),
    get("/api/v1/cycles/{id}", "/api/v1/cycles/{cycle}", FOCAL_POINTS),
    get("/api/v1/cycles/{id}/reports/{recommendation}/{reporter}", "/api/v1/cycles/{cycle}/reports/{r1}/TZ", TANZANIA),
    post("/api/v1/cycles/{id}/reports", "/api/v1/cycles/{cycle}/reports",
        Json(r#"{"recommendation_id": {r3}, "status": "in_progress", "percent": 30, "narrative": "Drafted."}"#), "401 403 403 201 422 403"),
    get("/api/v1/openapi.json", "/api/v1/openapi.json", EVERYONE),
];

fn parse_expect(e: &Entry) -> [u16; 6] {
    let codes: Vec<u16> = e.expect.split_whitespace().map(|c| c.parse().expect("a status code")).collect();
    codes.try_into().unwrap_or_else(|_| panic!("{} {}: six statuses expected, got {:?}", e.method, e.path, e.expect))
}

fn allowed(status: u16) -> bool {
    status < 400
}

/// The role's account (None: anonymous).
const EMAILS: [Option<&str>; 6] = [
    None,
    Some("juma@gov.tz.example"),
    Some("chipo@gov.zm.example"),
    Some("focal@gov.tz.example"),
    Some("focal@gov.mz.example"),
    Some("secretariat@iom.example"),
];

/// Everything a placeholder may need.
struct World<'a> {
    app: &'a TestApp,
    statics: HashMap<&'static str, String>,
    sec: CurrentUser,
    tz: CurrentUser,
    web: &'a [Session; 6],
    uniq: AtomicU64,
}

async fn current(app: &TestApp, email: &str) -> CurrentUser {
    use app::ssr::entities::app_user;
    let u = app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(&app.db).await.unwrap().unwrap();
    app::ssr::auth::to_current_user(&u).unwrap()
}

/// A new session of an existing account.
async fn sign_in(app: &TestApp, email: &str) -> Session {
    let s = app.client();
    let res = s.post("/api/auth/login", &[("email", email), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), 200, "sign-in of {email}");
    s
}

/// A client that calls the JSON API with a bearer token (no cookies).
fn bearer(app: &TestApp, token: &str) -> Session {
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, HeaderValue::from_str(&format!("Bearer {token}")).unwrap());
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    let client = reqwest::Client::builder().default_headers(headers).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    Session { client, base: app.base.clone() }
}

async fn upload(s: &Session, path: &str, name: &str, content: &[u8]) -> reqwest::Response {
    let boundary = "----midsa-matrix-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    s.client
        .post(format!("{}{path}", s.base))
        .header(CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Uploads a file and returns its id (the JSON answer of an upload route).
async fn upload_id(s: &Session, path: &str, name: &str) -> i32 {
    let res = upload(s, path, name, PDF.as_bytes()).await;
    assert_eq!(res.status(), 201, "upload to {path}");
    res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap() as i32
}

fn date(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

fn meeting_form(title: &str, start: i64, fr: bool) -> app::features::meetings::types::MeetingForm {
    app::features::meetings::types::MeetingForm {
        kind: "senior_officials".into(),
        title: title.into(),
        description: "The *meeting*.".into(),
        venue: "Julius Nyerere International Convention Centre".into(),
        city: "Dar es Salaam".into(),
        host_country: "TZ".into(),
        timezone: "Africa/Dar_es_Salaam".into(),
        start_date: date(start),
        end_date: date(start + 1),
        lang_en: Some("on".into()),
        lang_fr: fr.then(|| "on".into()),
        ..Default::default()
    }
}

/// A meeting open for registration (a month's window, approval required, room for everyone).
async fn open_meeting(app: &TestApp, sec: &CurrentUser, title: &str, start: i64) -> i32 {
    use app::features::meetings::service as meetings;
    use app::features::registration::{service as reg, types::SettingsForm};
    let id = meetings::create(&app.db, sec, &meeting_form(title, start, true)).await.unwrap();
    meetings::transition(&app.db, sec, id, "1", "announced").await.unwrap();
    meetings::transition(&app.db, sec, id, "2", "registration_open").await.unwrap();
    let (opens, closes) = window();
    let settings = SettingsForm {
        meeting_id: id.to_string(),
        opens_at: opens,
        closes_at: closes,
        capacity: "500".into(),
        quota: "100".into(),
        cat_head_of_delegation: Some("on".into()),
        cat_delegate: Some("on".into()),
        cat_adviser: Some("on".into()),
        cat_observer: Some("on".into()),
        approval_required: Some("on".into()),
        ..Default::default()
    };
    reg::save_settings(&app.db, sec, &settings, &app.base).await.unwrap();
    id
}

fn person(
    meeting: i32,
    category: &str,
    country: &str,
    given: &str,
    family: &str,
    email: &str,
) -> app::features::registration::types::RegistrationForm {
    app::features::registration::types::RegistrationForm {
        meeting_id: meeting.to_string(),
        category: category.into(),
        country: country.into(),
        given_name: given.into(),
        family_name: family.into(),
        position: "Director".into(),
        email: email.into(),
        consent_list: Some("on".into()),
        ..Default::default()
    }
}

/// Registers (as `by`) and, when `approve`, approves (as the secretariat); returns the id.
async fn registration(
    app: &TestApp,
    by: &CurrentUser,
    sec: &CurrentUser,
    form: app::features::registration::types::RegistrationForm,
    approve: bool,
) -> i32 {
    use app::features::registration::{service as reg, types::DecisionForm};
    let r = reg::register(&app.db, Some(by), &form, app::domain::Lang::En, &app.base, chrono::Utc::now()).await.unwrap();
    if approve {
        let d = DecisionForm {
            meeting_id: form.meeting_id.clone(),
            ids: vec![r.id.to_string()],
            decision: "approve".into(),
            reason: String::new(),
            ..Default::default()
        };
        reg::decide(&app.db, sec, &d, &app.base).await.unwrap();
    }
    r.id
}

async fn minutes_version(app: &TestApp, meeting: i32) -> i32 {
    use app::ssr::entities::minutes;
    minutes::Entity::find().filter(minutes::Column::MeetingId.eq(meeting)).one(&app.db).await.unwrap().unwrap().version
}

/// Minutes with one section, circulated until ten days from now (and adopted when `adopt`).
async fn minutes_of(app: &TestApp, sec: &CurrentUser, meeting: i32, adopt: bool) -> i32 {
    use app::features::minutes::{service as minutes, types::MinutesStepForm, types::SectionForm};
    use app::ssr::entities::minutes_section;
    minutes::create(&app.db, sec, meeting).await.unwrap();
    let section =
        SectionForm { meeting_id: meeting.to_string(), title: "Opening".into(), body: "The meeting opened.".into(), ..Default::default() };
    minutes::save_section(&app.db, sec, &section).await.unwrap();
    let step = |version: i32, step: &str| MinutesStepForm {
        meeting_id: meeting.to_string(),
        version: version.to_string(),
        step: step.into(),
        closes_on: date(10),
        access: String::new(),
    };
    let now = chrono::Utc::now();
    minutes::step(&app.db, sec, &step(minutes_version(app, meeting).await, "circulate"), now, &app.base).await.unwrap();
    if adopt {
        minutes::step(&app.db, sec, &step(minutes_version(app, meeting).await, "adopt"), now, &app.base).await.unwrap();
    }
    minutes_section::Entity::find().order_by_desc(minutes_section::Column::Id).one(&app.db).await.unwrap().unwrap().id
}

fn recommendation(meeting: i32, code: &str, states: &str) -> app::features::plan::types::RecommendationForm {
    app::features::plan::types::RecommendationForm {
        meeting_id: meeting.to_string(),
        code: code.into(),
        heading: "1. Labour migration".into(),
        text: format!("Recommendation {code}."),
        theme: "labour".into(),
        level: "national".into(),
        states: states.into(),
        target_date: date(365),
        ..Default::default()
    }
}

fn report(cycle: i32, rec: i32, submit: bool) -> app::features::reports::types::ReportForm {
    app::features::reports::types::ReportForm {
        cycle_id: cycle.to_string(),
        recommendation_id: rec.to_string(),
        status: "in_progress".into(),
        percent: "40".into(),
        narrative: "A draft policy was prepared.".into(),
        submit: submit.then(|| "on".into()),
        ..Default::default()
    }
}

/// A draft meeting with one session and one item: (meeting, session, item).
async fn scratch_meeting(app: &TestApp, sec: &CurrentUser) -> (i32, i32, i32) {
    use app::features::agenda::{service as agenda, types::ItemForm, types::SessionForm};
    let m = app::features::meetings::service::create(&app.db, sec, &meeting_form("Scratch meeting", 120, false)).await.unwrap();
    let session = SessionForm { meeting_id: m.to_string(), day: date(120), title: "Scratch session".into(), ..Default::default() };
    let s = agenda::save_session(&app.db, sec, &session).await.unwrap();
    let item = ItemForm {
        meeting_id: m.to_string(),
        session_id: s.to_string(),
        kind: "item".into(),
        start: "09:00".into(),
        end: "09:30".into(),
        title: "Scratch item".into(),
        ..Default::default()
    };
    let i = agenda::save_item(&app.db, sec, &item).await.unwrap();
    (m, s, i)
}

/// Builds the fixture; returns the values of the fixed placeholders and the six web sessions.
async fn fixture(app: &TestApp) -> (HashMap<&'static str, String>, [Session; 6]) {
    use app::features::agenda::{service as agenda, types::ItemForm, types::PublishForm, types::SessionForm};
    use app::features::papers::{service as papers, types::PaperForm};
    use app::features::plan::{service as plan, types::PlanStepForm};
    use app::features::reports::{service as reports, types::CycleForm};
    use app::ssr::entities::registration as registration_entity;
    let accounts = [
        (Role::Delegate, None),
        (Role::Delegate, None),
        (Role::FocalPoint, Some("TZ")),
        (Role::FocalPoint, Some("MZ")),
        (Role::Secretariat, None),
    ];
    for (email, (role, country)) in EMAILS[1..].iter().zip(accounts) {
        app.user(email.unwrap(), role, country).await;
    }
    app.user("login@matrix.example", Role::Delegate, None).await;
    app.user("feed@gov.tz.example", Role::Delegate, None).await;
    let sec = current(app, EMAILS[5].unwrap()).await;
    let tz = current(app, EMAILS[3].unwrap()).await;
    let mz = current(app, EMAILS[4].unwrap()).await;
    let db = &app.db;
    let now = chrono::Utc::now();
    let mut v: HashMap<&'static str, String> = HashMap::new();

    // The meeting: a published agenda, a French translation, registrations.
    let m = open_meeting(app, &sec, "Matrix ministerial conference", 60).await;
    let session = SessionForm { meeting_id: m.to_string(), day: date(60), title: "Opening".into(), ..Default::default() };
    let s = agenda::save_session(db, &sec, &session).await.unwrap();
    let mut item_id = 0;
    for (start, end, title) in [("09:00", "09:30", "Welcome"), ("09:30", "10:00", "Briefing")] {
        let item = ItemForm {
            meeting_id: m.to_string(),
            session_id: s.to_string(),
            kind: "item".into(),
            start: start.into(),
            end: end.into(),
            title: title.into(),
            ..Default::default()
        };
        let id = agenda::save_item(db, &sec, &item).await.unwrap();
        if item_id == 0 {
            item_id = id;
        }
    }
    agenda::publish(db, &sec, &PublishForm { meeting_id: m.to_string(), note: "Provisional agenda.".into() }).await.unwrap();
    let fr = app::features::translations::types::TranslationForm {
        meeting_id: m.to_string(),
        lang: "fr".into(),
        keys: vec![format!("meeting:{m}:title")],
        texts: vec!["Conférence ministérielle (matrice)".into()],
        bases: vec![],
        sources: vec![],
    };
    app::features::translations::service::save(db, &sec, &fr).await.unwrap();
    let head = registration(app, &sec, &sec, person(m, "head_of_delegation", "TZ", "Juma", "Mwakyusa", EMAILS[1].unwrap()), true).await;
    registration(app, &sec, &sec, person(m, "delegate", "TZ", "Feed", "Owner", "feed@gov.tz.example"), true).await;
    registration(app, &tz, &sec, person(m, "delegate", "TZ", "Neema", "Kimaro", "neema@gov.tz.example"), false).await;
    registration(app, &tz, &sec, person(m, "adviser", "TZ", "Baraka", "Mushi", "baraka@gov.tz.example"), true).await;
    registration(app, &mz, &sec, person(m, "head_of_delegation", "MZ", "Ana", "Macuacua", "ana@gov.mz.example"), true).await;
    let checkin = registration_entity::Entity::find_by_id(head).one(db).await.unwrap().unwrap().checkin_token;

    // The other meeting: the other delegate, a draft plan, adopted minutes.
    let other = open_meeting(app, &sec, "Matrix working group", 90).await;
    registration(app, &sec, &sec, person(other, "delegate", "ZM", "Chipo", "Banda", EMAILS[2].unwrap()), true).await;
    plan::save_recommendation(db, &sec, &recommendation(other, "B1", "ALL"), now).await.unwrap();
    minutes_of(app, &sec, other, true).await;
    let draft = app::features::meetings::service::create(db, &sec, &meeting_form("Matrix draft workshop", 150, false)).await.unwrap();

    // Minutes circulated for comments.
    let section = minutes_of(app, &sec, m, false).await;

    // The plan: adopted; an open cycle.
    let mut recs = vec![];
    for (code, states) in [("R1", "TZ, MZ"), ("R2", "TZ"), ("R3", "TZ")] {
        recs.push(plan::save_recommendation(db, &sec, &recommendation(m, code, states), now).await.unwrap());
    }
    let version = plan::find_plan(db, m).await.unwrap().unwrap().version;
    let adopt = PlanStepForm {
        meeting_id: m.to_string(),
        version: version.to_string(),
        step: "adopt".into(),
        adopted_on: date(0),
        public_status: None,
        public_narratives: None,
    };
    plan::step(db, &sec, &adopt, now).await.unwrap();
    let cycle =
        CycleForm { meeting_id: m.to_string(), title: "First cycle".into(), opens_on: date(-1), due_on: date(20), recommendations: vec![] };
    let c = reports::open_cycle(db, &sec, &cycle, now).await.unwrap();

    // Sessions (signed in once; the matrix uses them throughout).
    let mut web = vec![app.client()];
    for email in EMAILS.iter().skip(1) {
        web.push(sign_in(app, email.unwrap()).await);
    }
    let web: [Session; 6] = web.try_into().unwrap_or_else(|_| unreachable!());

    // Papers at each access level, each with a file.
    for (access, key, file_key) in [
        ("public", "paper_public", "file_public"),
        ("delegates", "paper_delegates", "file_delegates"),
        ("secretariat", "paper_secretariat", "file_secretariat"),
    ] {
        let form = PaperForm {
            meeting_id: m.to_string(),
            lang: "en".into(),
            access: access.into(),
            title: format!("Briefing paper ({access})"),
            body: "The brief.".into(),
            ..Default::default()
        };
        let p = papers::save(db, &sec, &form).await.unwrap();
        let f = upload_id(&web[5], &format!("/papers/{p}/files"), "brief.pdf").await;
        v.insert(key, p.to_string());
        v.insert(file_key, f.to_string());
    }

    // Tanzania's reports: R1 submitted with a file, R2 a draft with a file.
    reports::save_report(db, &tz, &report(c, recs[0], false), now).await.unwrap();
    let ev_submitted = upload_id(&web[3], &format!("/cycles/{c}/reports/{}/files", recs[0]), "evidence.pdf").await;
    let (submitted, _) = reports::save_report(db, &tz, &report(c, recs[0], true), now).await.unwrap();
    reports::save_report(db, &tz, &report(c, recs[1], false), now).await.unwrap();
    let ev_draft = upload_id(&web[3], &format!("/cycles/{c}/reports/{}/files", recs[1]), "evidence.pdf").await;

    // A message to Tanzania's delegation.
    let message = app::features::registration::types::MessageForm {
        meeting_id: m.to_string(),
        token: "matrix-fixture".into(),
        country: "TZ".into(),
        subject_en: "Welcome".into(),
        body_en: "Welcome to the meeting.".into(),
        ..Default::default()
    };
    let (message, _) = app::features::registration::service::send_message(db, &sec, &message, &app.base).await.unwrap();

    // Tanzania's note verbale, attached by its focal point.
    let note = upload_id(&web[3], &format!("/meetings/{m}/delegations/TZ/note-verbale"), "note-verbale.pdf").await;

    // A private calendar link, an invitation, API tokens.
    let feed_user = current(app, "feed@gov.tz.example").await;
    let feed = app::features::registration::personal::create_feed(db, &feed_user).await.unwrap();
    let invite = app::features::auth::types::InviteForm {
        email: "invitee@matrix.example".into(),
        display_name: "Invitee".into(),
        role: "delegate".into(),
        ..Default::default()
    };
    let (_, invite) = app::features::auth::service::invite(db, &sec, &invite, &app.base).await.unwrap();

    let (tz_review, tz_published, indicator) = profiles_fixture(app, &sec, &tz, &mz).await;
    let (opens, closes) = window();
    for (k, val) in [
        ("tz_review", tz_review.to_string()),
        ("tz_published", tz_published.to_string()),
        ("indicator", indicator.to_string()),
        ("meeting", m.to_string()),
        ("other", other.to_string()),
        ("draft", draft.to_string()),
        ("session", s.to_string()),
        ("item", item_id.to_string()),
        ("section", section.to_string()),
        ("cycle", c.to_string()),
        ("r1", recs[0].to_string()),
        ("r2", recs[1].to_string()),
        ("r3", recs[2].to_string()),
        ("ev_submitted", ev_submitted.to_string()),
        ("ev_draft", ev_draft.to_string()),
        ("note", note.to_string()),
        ("message", message.to_string()),
        ("report_submitted", submitted.to_string()),
        ("head_reg", head.to_string()),
        ("checkin_token", checkin),
        ("feed", feed),
        ("invite", invite),
        ("day", date(60)),
        ("today", date(0)),
        ("due", date(20)),
        ("opens", opens),
        ("closes", closes),
    ] {
        v.insert(k, val);
    }
    (v, web)
}

/// Migration profiles: one indicator; Tanzania's working group (the delegate of the other
/// meeting is a member, with her account), its 2024 edition published and its 2026 edition in
/// review (with a French context chapter); Mozambique's 2025 edition published but not public.
async fn profiles_fixture(app: &TestApp, sec: &CurrentUser, tz: &CurrentUser, mz: &CurrentUser) -> (i32, i32, i32) {
    use app::features::profiles::{service as profiles, types::*};
    let db = &app.db;
    let now = chrono::Utc::now();
    let ind = IndicatorForm {
        code: "stock.immigrants".into(),
        name_en: "Immigrant stock".into(),
        unit: "persons".into(),
        chapter: "immigration".into(),
        ..Default::default()
    };
    let indicator = profiles::save_indicator(db, sec, &ind).await.unwrap();
    let member = MemberForm { country: "TZ".into(), name: "Chipo Banda".into(), email: EMAILS[2].unwrap().into(), ..Default::default() };
    profiles::add_member(db, tz, &member).await.unwrap();
    let mz_group = TwgForm { country: "MZ".into(), version: "0".into(), ministries: "Interior".into(), public: String::new() };
    profiles::save_twg(db, mz, &mz_group).await.unwrap();
    let edition = |country: &str, year: i32| NewEditionForm { country: country.into(), year: year.to_string() };
    let id_of = |country: &'static str, year: i32| async move {
        use app::ssr::entities::profile_edition as e;
        let row = e::Entity::find()
            .filter(e::Column::CountryCode.eq(country))
            .filter(e::Column::Year.eq(year))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        (row.id, row.version)
    };
    let step =
        |id: i32, version: i32, to: &str| ProfileStepForm { edition_id: id.to_string(), version: version.to_string(), to: to.into() };
    for (country, year, fp) in [("TZ", 2024, tz), ("MZ", 2025, mz)] {
        profiles::new_edition(db, fp, &edition(country, year), now).await.unwrap();
        for to in ["review", "validated", "published"] {
            let (id, version) = id_of(country, year).await;
            profiles::step(db, fp, &step(id, version, to), now).await.unwrap();
        }
    }
    profiles::new_edition(db, sec, &edition("TZ", 2026), now).await.unwrap();
    let (id, _) = id_of("TZ", 2026).await;
    let text = ChapterForm {
        edition_id: id.to_string(),
        chapter: "context".into(),
        lang: "fr".into(),
        version: "0".into(),
        body: "Le *contexte*.".into(),
    };
    profiles::save_chapter(db, tz, &text).await.unwrap();
    let (_, version) = id_of("TZ", 2026).await;
    profiles::step(db, tz, &step(id, version, "review"), now).await.unwrap();
    (id, id_of("TZ", 2024).await.0, indicator)
}

/// API tokens of the focal points and the secretariat (roles 3, 4, 5).
async fn api_clients(app: &TestApp, web: &[Session; 6]) -> [Session; 6] {
    let mut out: Vec<Session> = web[..3].iter().map(same).collect();
    for email in &EMAILS[3..] {
        let user = current(app, email.unwrap()).await;
        let form = app::features::tokens::types::TokenForm { name: "Matrix".into() };
        let t = app::features::tokens::service::create(&app.db, &user, &form, chrono::Utc::now()).await.unwrap();
        out.push(bearer(app, &t.token));
    }
    out.try_into().unwrap_or_else(|_| unreachable!())
}

/// The same client (a cloned reqwest client shares its cookie store).
fn same(s: &Session) -> Session {
    Session { client: s.client.clone(), base: s.base.clone() }
}

impl World<'_> {
    /// The value of one placeholder for this call (`cache` holds the call's values so far).
    async fn value(&self, name: &str, cache: &mut HashMap<String, String>) -> String {
        if let Some(v) = self.statics.get(name) {
            return v.clone();
        }
        let app = self.app;
        let db = &app.db;
        let now = chrono::Utc::now();
        let m: i32 = self.statics["meeting"].parse().unwrap();
        match name {
            // Three digits: short enough for a recommendation code (`R123`).
            "uniq" => (100 + self.uniq.fetch_add(1, Ordering::Relaxed)).to_string(),
            "scratch" | "scratch_session" | "scratch_item" => {
                let (meeting, session, item) = scratch_meeting(app, &self.sec).await;
                cache.insert("scratch".into(), meeting.to_string());
                cache.insert("scratch_session".into(), session.to_string());
                cache.insert("scratch_item".into(), item.to_string());
                cache[name].clone()
            }
            "scratch_item_version" => {
                let id: i32 = match cache.get("scratch_item") {
                    Some(id) => id.parse().unwrap(),
                    None => panic!("{{scratch_item_version}} must come after {{scratch_item}}"),
                };
                let item = app::ssr::entities::agenda_item::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
                item.version.to_string()
            }
            "new_reg" => {
                let n = self.uniq.fetch_add(1, Ordering::Relaxed);
                let form = person(m, "delegate", "TZ", "Scratch", "Delegate", &format!("scratch{n}@gov.tz.example"));
                registration(app, &self.sec, &self.sec, form, false).await.to_string()
            }
            "new_observer" | "new_reg_mz" => {
                let n = self.uniq.fetch_add(1, Ordering::Relaxed);
                let form = if name == "new_observer" {
                    person(m, "observer", "TZ", "Scratch", "Observer", &format!("observer{n}@ngo.example"))
                } else {
                    person(m, "delegate", "MZ", "Scratch", "Delegate", &format!("scratch{n}@gov.mz.example"))
                };
                registration(app, &self.sec, &self.sec, form, false).await.to_string()
            }
            "confirm_token" => {
                let n = self.uniq.fetch_add(1, Ordering::Relaxed);
                let form = person(m, "delegate", "TZ", "Self", "Registered", &format!("self{n}@gov.tz.example"));
                let r =
                    app::features::registration::service::register(db, None, &form, app::domain::Lang::En, &app.base, now).await.unwrap();
                r.confirm_token.unwrap()
            }
            "new_invite" => {
                let n = self.uniq.fetch_add(1, Ordering::Relaxed);
                let form = app::features::auth::types::InviteForm {
                    email: format!("accept{n}@matrix.example"),
                    display_name: "Accepting".into(),
                    role: "delegate".into(),
                    ..Default::default()
                };
                app::features::auth::service::invite(db, &self.sec, &form, &app.base).await.unwrap().1
            }
            "new_user" => {
                let n = self.uniq.fetch_add(1, Ordering::Relaxed);
                let email = format!("account{n}@matrix.example");
                app.user(&email, Role::Delegate, None).await;
                current(app, &email).await.id.to_string()
            }
            "new_invitee" => {
                let n = self.uniq.fetch_add(1, Ordering::Relaxed);
                let form = app::features::auth::types::InviteForm {
                    email: format!("pending{n}@matrix.example"),
                    display_name: "Pending".into(),
                    role: "delegate".into(),
                    ..Default::default()
                };
                app::features::auth::service::invite(db, &self.sec, &form, &app.base).await.unwrap().0.to_string()
            }
            "own_reg" => {
                // A registration of the delegate (this meeting) in a meeting of its own, open for registration.
                let n = self.uniq.fetch_add(1, Ordering::Relaxed);
                let own = open_meeting(app, &self.sec, &format!("Matrix own registration {n}"), 100).await;
                let form = person(own, "delegate", "TZ", "Juma", "Mwakyusa", EMAILS[1].unwrap());
                registration(app, &self.sec, &self.sec, form, true).await.to_string()
            }
            "new_self_tz" => {
                // Self-registered in Tanzania's delegation, email confirmed: awaits the delegation's confirmation.
                let n = self.uniq.fetch_add(1, Ordering::Relaxed);
                let form = person(m, "delegate", "TZ", "Self", "Claimed", &format!("claim{n}@gov.tz.example"));
                let r =
                    app::features::registration::service::register(db, None, &form, app::domain::Lang::En, &app.base, now).await.unwrap();
                app::features::registration::service::confirm(db, &r.confirm_token.unwrap(), &app.base, now).await.unwrap();
                r.id.to_string()
            }
            "new_section" => {
                use app::ssr::entities::minutes_section;
                let form = app::features::minutes::types::SectionForm {
                    meeting_id: m.to_string(),
                    title: "To remove".into(),
                    body: "x".into(),
                    ..Default::default()
                };
                app::features::minutes::service::save_section(db, &self.sec, &form).await.unwrap();
                minutes_section::Entity::find().order_by_desc(minutes_section::Column::Id).one(db).await.unwrap().unwrap().id.to_string()
            }
            "new_paper_file" => {
                upload_id(&self.web[5], &format!("/papers/{}/files", self.statics["paper_public"]), "remove.pdf").await.to_string()
            }
            "new_evidence" => {
                let path = format!("/cycles/{}/reports/{}/files", self.statics["cycle"], self.statics["r2"]);
                upload_id(&self.web[3], &path, "remove.pdf").await.to_string()
            }
            "new_cycle" => {
                let form = app::features::reports::types::CycleForm {
                    meeting_id: m.to_string(),
                    title: "To close".into(),
                    opens_on: date(0),
                    due_on: date(20),
                    recommendations: vec![],
                };
                app::features::reports::service::open_cycle(db, &self.sec, &form, now).await.unwrap().to_string()
            }
            "new_rec" => {
                let n = self.uniq.fetch_add(1, Ordering::Relaxed);
                let other: i32 = self.statics["other"].parse().unwrap();
                app::features::plan::service::save_recommendation(db, &self.sec, &recommendation(other, &format!("D{n}"), "TZ"), now)
                    .await
                    .unwrap()
                    .to_string()
            }
            "new_tz_token" => {
                let form = app::features::tokens::types::TokenForm { name: "To revoke".into() };
                app::features::tokens::service::create(db, &self.tz, &form, now).await.unwrap().id.to_string()
            }
            "plan_version" => app::features::plan::service::find_plan(db, m).await.unwrap().unwrap().version.to_string(),
            "twg_version" => {
                use app::ssr::entities::twg;
                twg::Entity::find_by_id("TZ").one(db).await.unwrap().map(|g| g.version).unwrap_or(0).to_string()
            }
            "tz_edition_version" => {
                use app::ssr::entities::profile_edition;
                let id: i32 = self.statics["tz_review"].parse().unwrap();
                profile_edition::Entity::find_by_id(id).one(db).await.unwrap().unwrap().version.to_string()
            }
            "tz_text_version" => {
                use app::ssr::entities::profile_text;
                let id: i32 = self.statics["tz_review"].parse().unwrap();
                let row = profile_text::Entity::find()
                    .filter(profile_text::Column::EditionId.eq(id))
                    .filter(profile_text::Column::Chapter.eq(app::domain::Chapter::Context))
                    .filter(profile_text::Column::Lang.eq(app::domain::Lang::Fr))
                    .one(db)
                    .await
                    .unwrap();
                row.map(|t| t.version).unwrap_or(0).to_string()
            }
            "new_twg_meeting" | "linked_twg_meeting" => {
                let n = self.uniq.fetch_add(1, Ordering::Relaxed);
                let form = app::features::meetings::types::MeetingForm {
                    kind: "technical_working_group".into(),
                    ..meeting_form(&format!("Working group meeting {n}"), 90, false)
                };
                let id = app::features::meetings::service::create(db, &self.sec, &form).await.unwrap();
                app::features::meetings::service::transition(db, &self.sec, id, "1", "announced").await.unwrap();
                if name == "linked_twg_meeting" {
                    let link = app::features::profiles::types::GroupMeetingForm { country: "TZ".into(), meeting_id: id.to_string() };
                    app::features::profiles::service::link_meeting(db, &self.sec, &link).await.unwrap();
                }
                id.to_string()
            }
            "new_member" => {
                let n = self.uniq.fetch_add(1, Ordering::Relaxed);
                let form =
                    app::features::profiles::types::MemberForm { country: "TZ".into(), name: format!("Member {n}"), ..Default::default() };
                app::features::profiles::service::add_member(db, &self.sec, &form).await.unwrap();
                use app::ssr::entities::twg_member;
                let row = twg_member::Entity::find().order_by_desc(twg_member::Column::Id).one(db).await.unwrap().unwrap();
                row.id.to_string()
            }
            "minutes_version" => minutes_version(app, m).await.to_string(),
            other => panic!("unknown placeholder {{{other}}}"),
        }
    }

    /// `text` with its placeholders replaced.
    async fn resolve(&self, text: &str, cache: &mut HashMap<String, String>) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let after = &rest[start + 1..];
            let name = after.find('}').map(|end| &after[..end]);
            match name {
                Some(name) if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') => {
                    out.push_str(&rest[..start]);
                    let value = match cache.get(name) {
                        Some(v) => v.clone(),
                        None => {
                            let v = self.value(name, cache).await;
                            cache.insert(name.to_string(), v.clone());
                            v
                        }
                    };
                    out.push_str(&value);
                    rest = &after[name.len() + 1..];
                }
                _ => {
                    out.push_str(&rest[..=start]);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

enum Request {
    None,
    Form(Vec<(String, String)>),
    Json(String),
    File(String, String),
}

async fn request(w: &World<'_>, e: &Entry) -> (String, Request) {
    let mut cache = HashMap::new();
    let path = w.resolve(e.path, &mut cache).await;
    let body = match e.body {
        Body::None => Request::None,
        Body::Form(list) | Body::Fields(list) => {
            let mut out = vec![];
            let wrap = matches!(e.body, Body::Form(_));
            for (k, v) in list {
                let key = if wrap { format!("form[{k}]") } else { k.to_string() };
                out.push((key, w.resolve(v, &mut cache).await));
            }
            Request::Form(out)
        }
        Body::Json(text) => Request::Json(w.resolve(text, &mut cache).await),
        Body::File(name, content) => Request::File(name.to_string(), w.resolve(content, &mut cache).await),
    };
    (path, body)
}

async fn send(s: &Session, method: &str, path: &str, body: &Request) -> reqwest::Response {
    let url = format!("{}{path}", s.base);
    match (method, body) {
        ("GET", _) => s.client.get(url).send().await.unwrap(),
        (_, Request::None) => s.client.post(url).send().await.unwrap(),
        (_, Request::Form(fields)) => s.client.post(url).form(fields).send().await.unwrap(),
        (_, Request::Json(text)) => s.client.post(url).header(CONTENT_TYPE, "application/json").body(text.clone()).send().await.unwrap(),
        (_, Request::File(name, content)) => upload(s, path, name, content.as_bytes()).await,
    }
}

/// Tables the outbox worker writes to on its own (reminder and digest claims) are left out;
/// so are the kinds of email only the worker queues.
const WORKER_KINDS: &str = "'paper_digest', 'cycle_reminder', 'cycle_overdue', 'profile_due'";

/// (table, has an `id`, has a `version`, has an `updated_at`)
const TABLES: &[(&str, bool, bool, bool)] = &[
    ("member_state", false, false, false),
    ("app_user", true, false, true),
    ("user_session", true, false, false),
    ("login_attempt", true, false, false),
    ("audit_log", true, false, false),
    ("meeting", true, true, true),
    ("agenda_session", true, true, false),
    ("agenda_item", true, true, false),
    ("agenda_revision", true, false, false),
    ("outbox", true, false, false),
    ("registration_settings", false, true, true),
    ("registration", true, true, true),
    ("calendar_feed", true, false, false),
    ("paper", true, true, true),
    ("paper_version", true, false, false),
    ("paper_file", true, false, false),
    ("minutes", true, true, true),
    ("minutes_section", true, true, false),
    ("minutes_comment", true, false, false),
    ("minutes_corrigendum", true, false, false),
    ("recommendation", true, true, true),
    ("search_doc", true, false, false),
    ("plan", true, true, true),
    ("plan_theme", false, false, false),
    ("recommendation_amendment", true, false, false),
    ("reporting_cycle", true, false, false),
    ("cycle_recommendation", false, false, false),
    ("progress_report", true, false, true),
    ("api_token", true, false, false),
    ("report_file", true, false, false),
    ("content_translation", true, false, true),
    ("twg", false, true, true),
    ("twg_member", true, false, false),
    ("profile_indicator", true, false, false),
    ("profile_edition", true, true, true),
    ("profile_text", true, true, true),
    ("profile_value", true, false, false),
    ("profile_comment", true, false, false),
    ("profile_settings", true, false, true),
    // `rate_event` is left out: a limit counts the attempts it checks (a wrong current password
    // refused with 422 is counted, by design).
];

/// One query: per table its row count, highest id, sum of versions and latest `updated_at`.
async fn fingerprint(app: &TestApp) -> Vec<String> {
    let sql = TABLES
        .iter()
        .map(|(t, id, version, updated)| {
            let id = if *id { "COALESCE(MAX(id), 0)" } else { "0" };
            let version = if *version { "COALESCE(SUM(version), 0)" } else { "0" };
            let updated = if *updated { "CAST(MAX(updated_at) AS TEXT)" } else { "''" };
            let filter = if *t == "outbox" { format!(" WHERE kind NOT IN ({WORKER_KINDS})") } else { String::new() };
            format!(
                "SELECT '{t}' AS t, CAST(COUNT(*) AS BIGINT) AS n, CAST({id} AS BIGINT) AS i, CAST({version} AS BIGINT) AS v, \
                 COALESCE({updated}, '') AS u FROM {t}{filter}"
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows = app.db.query_all_raw(Statement::from_string(app.db.get_database_backend(), sql)).await.unwrap();
    let mut out: Vec<String> = rows
        .iter()
        .map(|r| {
            let t: String = r.try_get("", "t").unwrap();
            let (_, id, version, updated) = TABLES.iter().find(|(name, ..)| *name == t).copied().unwrap();
            let mut s = format!("{t}: {} rows", r.try_get::<i64>("", "n").unwrap());
            if id {
                s += &format!(", last id {}", r.try_get::<i64>("", "i").unwrap());
            }
            if version {
                s += &format!(", versions {}", r.try_get::<i64>("", "v").unwrap());
            }
            if updated {
                s += &format!(", updated {}", r.try_get::<String>("", "u").unwrap());
            }
            s
        })
        .collect();
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_answers_every_role_as_the_rules_say() {
    let started = std::time::Instant::now();
    let app = spawn_app().await;
    let mut failures: Vec<String> = Vec::new();

    // Every endpoint has an entry, every entry an endpoint.
    let endpoints: BTreeSet<(String, String)> = server::startup::endpoints().into_iter().collect();
    let covered: BTreeSet<(String, String)> = TABLE.iter().map(|e| (e.method.to_string(), e.route.to_string())).collect();
    for (method, path) in endpoints.difference(&covered) {
        failures.push(format!("{method} {path}: no entry in the authorisation matrix"));
    }
    for (method, path) in covered.difference(&endpoints) {
        failures.push(format!("{method} {path}: in the matrix, but the server has no such endpoint"));
    }

    let (statics, web) = fixture(&app).await;
    let api = api_clients(&app, &web).await;
    let world = World {
        app: &app,
        statics,
        sec: current(&app, EMAILS[5].unwrap()).await,
        tz: current(&app, EMAILS[3].unwrap()).await,
        web: &web,
        uniq: AtomicU64::new(0),
    };
    let fixture_done = started.elapsed();

    let mut calls = 0;
    for e in TABLE {
        let expected = parse_expect(e);
        // Refused roles first, so that what they try is still there to be refused.
        let mut order: Vec<usize> = (0..6).collect();
        order.sort_by_key(|&r| allowed(expected[r]));
        for role in order {
            let (path, body) = request(&world, e).await;
            let fresh;
            let session = if e.fresh {
                fresh = match EMAILS[role] {
                    None => app.client(),
                    Some(email) => sign_in(&app, email).await,
                };
                &fresh
            } else if e.route.starts_with("/api/v1/") {
                &api[role]
            } else {
                &web[role]
            };
            let check = e.method == "POST" && !allowed(expected[role]);
            let before = if check { Some(fingerprint(&app).await) } else { None };
            let res = send(session, e.method, &path, &body).await;
            calls += 1;
            let status = res.status().as_u16();
            if status != expected[role] {
                let text = res.text().await.unwrap_or_default();
                let text: String = text.chars().take(160).collect();
                failures.push(format!(
                    "{} {} as {}: expected {}, got {status} ({path}: {text})",
                    e.method, e.route, ROLES[role], expected[role]
                ));
            }
            if let Some(before) = before {
                let after = fingerprint(&app).await;
                if after != before {
                    let changed: Vec<String> =
                        before.iter().zip(&after).filter(|(b, a)| b != a).map(|(b, a)| format!("{b} → {a}")).collect();
                    failures.push(format!("{} {} as {}: refused, but changed {}", e.method, e.route, ROLES[role], changed.join("; ")));
                }
            }
        }
    }
    eprintln!(
        "authorisation matrix: {} endpoints, {} entries, {calls} calls; fixture {:.1} s, total {:.1} s",
        endpoints.len(),
        TABLE.len(),
        fixture_done.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{} authorisation mismatches:\n{}", failures.len(), failures.join("\n"));
}
