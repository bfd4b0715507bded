//! Agenda pages: the published agenda (any revision), the revision list, and the
//! secretariat's editor with its item and session forms.

use super::api::{get_agenda, get_agenda_draft, list_revisions, DeleteAgendaEntry, MoveAgendaEntry, PublishAgenda, SaveItem, SaveSession};
use super::types::{AgendaItem, AgendaSession, AgendaSnapshot, Change, ChangeKind, ChangeTarget, EditorData, MeetingHeader, Slot};
use crate::components::use_meeting_id;
use crate::components::{loaded, push_attr, push_text, use_action, FormErrors, FormStatus, SelectField, SubmitButton, TextArea, TextField};
use crate::domain::{parse_id, ItemKind, PersonList, PersonRef};
use crate::error::AppError;
use crate::i18n::{format_date, format_date_range, format_day, use_i18n, use_lang, Strings};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn person_line(p: &PersonRef) -> String {
    p.to_string()
}

#[component]
fn MeetingHead(m: MeetingHeader, heading: &'static str) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    view! {
        <header class="page-head">
            <p class="kicker">
                <a href=format!("/meetings/{}", m.id) lang=m.original_lang.map(|l| l.code())>
                    {m.title.clone()}
                </a>
            </p>
            <h1>{heading}</h1>
            <p class="meta">{format_date_range(lang, m.start_date, m.end_date)} " · " {format!("{}, {}", m.venue, m.city)}</p>
            <p class="tz-note">{format!("{} ({}, {}).", t.meeting_times_local, m.timezone, m.timezone_label)}</p>
        </header>
    }
}

/// Renders a whole agenda: days → sessions → items, after a note when some of it is shown in
/// the meeting's `source_lang` because it is not yet translated.
///
/// Written as HTML text ([`agenda_html`], as [`crate::components::inert_html`] does): nothing in an
/// agenda reacts to the reader, and writing it as text costs the server far less than views.
/// With `part`, the agenda is marked as a part the server compresses once
/// ([`crate::components::kept_part`]; `part` names the revision, language and time zone), and
/// its HTML is taken from `html` when that keeps it.
#[component]
pub fn AgendaView(
    agenda: crate::domain::Shared<AgendaSnapshot>,
    source_lang: crate::domain::Lang,
    #[prop(optional)] part: Option<String>,
    #[prop(optional)] html: super::types::AgendaHtml,
) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let key = format!("{}\u{0}{}", lang.code(), part.as_deref().unwrap_or(""));
    let text = html.get(&agenda, &key, || {
        let text = agenda_html(&agenda, source_lang, t, lang);
        match part {
            Some(part) => crate::components::kept_part(&part, &text),
            None => text,
        }
    });
    view! { <div class="agenda" inner_html=text></div> }
}

/// The agenda's HTML (what [`AgendaView`] shows): a note if some of it is in the original
/// language, then per day a `section.agenda-day`, per session a `section.agenda-session` and per
/// item an `li.agenda-item` (`id="item-…"`, class `break` for breaks).
pub fn agenda_html(agenda: &AgendaSnapshot, source_lang: crate::domain::Lang, t: &'static Strings, lang: crate::domain::Lang) -> String {
    let mut h = String::with_capacity(2048 + 640 * agenda.item_count());
    let original = agenda
        .days
        .iter()
        .flat_map(|d| &d.sessions)
        .any(|s| s.original_lang.is_some() || s.items.iter().any(|i| i.original_lang.is_some()));
    if original {
        h.push_str("<p class=\"notice\" role=\"note\">");
        push_text(&mut h, &t.tr_shown_original.replace("{lang}", source_lang.native_name()));
        h.push_str("</p>");
    }
    for d in &agenda.days {
        h.push_str("<section class=\"agenda-day\"><h2>");
        push_text(&mut h, &format_day(lang, d.date));
        h.push_str("</h2>");
        for s in &d.sessions {
            session_html(&mut h, t, s);
        }
        h.push_str("</section>");
    }
    h
}

/// `<tag lang="…">`, without the attribute when the content is in the reader's language.
fn push_open(h: &mut String, tag: &str, original: Option<crate::domain::Lang>) {
    h.push('<');
    h.push_str(tag);
    if let Some(l) = original {
        h.push_str(" lang=\"");
        push_attr(h, l.code());
        h.push('"');
    }
    h.push('>');
}

/// `<span lang="…">text</span>` (see [`push_open`]).
fn push_span(h: &mut String, original: Option<crate::domain::Lang>, text: &str) {
    push_open(h, "span", original);
    push_text(h, text);
    h.push_str("</span>");
}

/// `<open>label: value</close>`, e.g. a room or a chair.
fn push_labelled(h: &mut String, open: &str, t: &'static Strings, label: &str, value: &str, close: &str) {
    h.push_str(open);
    push_text(h, label);
    push_text(h, t.colon);
    push_text(h, value);
    h.push_str(close);
}

fn push_original_tag(h: &mut String, t: &'static Strings, original: Option<crate::domain::Lang>) {
    if let Some(l) = original {
        h.push_str("<p class=\"tr-note\">");
        push_text(h, &t.tr_original_tag.replace("{lang}", l.native_name()));
        h.push_str("</p>");
    }
}

fn session_html(h: &mut String, t: &'static Strings, s: &AgendaSession) {
    h.push_str("<section class=\"agenda-session\"><h3>");
    if let Some((a, b)) = s.span() {
        h.push_str("<span class=\"time\">");
        push_text(h, &format!("{a}–{b}"));
        h.push_str("</span> ");
    }
    push_span(h, s.original_lang, &s.title);
    h.push_str("</h3>");
    push_original_tag(h, t, s.original_lang);
    h.push_str("<p class=\"session-meta\">");
    if !s.room.is_empty() {
        push_labelled(h, "<span>", t, t.agenda_room, &s.room, "</span>");
    }
    if let Some(c) = &s.chair {
        push_labelled(h, "<span>", t, t.agenda_chair, &person_line(c), "</span>");
    }
    h.push_str("</p>");
    if s.items.is_empty() {
        h.push_str("<p class=\"empty\">");
        push_text(h, t.agenda_empty_session);
        h.push_str("</p>");
    } else {
        h.push_str("<ol class=\"agenda-items\">");
        for i in &s.items {
            item_html(h, t, i);
        }
        h.push_str("</ol>");
    }
    h.push_str("</section>");
}

fn item_html(h: &mut String, t: &'static Strings, i: &AgendaItem) {
    use std::fmt::Write;
    let is_break = i.kind == ItemKind::Break;
    let _ = write!(
        h,
        "<li class=\"agenda-item{}\" id=\"item-{}\"><p class=\"item-time\"><time>{}</time>–<time>{}</time></p>",
        if is_break { " break" } else { "" },
        i.id,
        i.start,
        i.end
    );
    if let Some(v) = &i.viewer_time {
        push_labelled(h, "<p class=\"item-time viewer-time\">", t, t.meeting_your_time, v, "</p>");
    }
    h.push_str("<div class=\"item-body\"><h4>");
    if is_break {
        h.push_str("<span class=\"visually-hidden\">");
        push_text(h, t.agenda_break);
        push_text(h, t.colon);
        h.push_str("</span>");
    }
    push_span(h, i.original_lang, &i.title);
    h.push_str("</h4>");
    push_original_tag(h, t, i.original_lang);
    if !i.room.is_empty() {
        push_labelled(h, "<p class=\"item-meta\">", t, t.agenda_room, &i.room, "</p>");
    }
    if let Some(c) = &i.chair {
        push_labelled(h, "<p class=\"item-meta\">", t, t.agenda_chair, &person_line(c), "</p>");
    }
    if !i.speakers.is_empty() {
        let speakers = i.speakers.iter().map(person_line).collect::<Vec<_>>().join("; ");
        push_labelled(h, "<p class=\"item-meta\">", t, t.agenda_speakers, &speakers, "</p>");
    }
    if !i.description_html.is_empty() {
        push_open(h, "div", i.original_lang);
        // Sanitised when it was made from the Markdown (on the server), as `MarkdownView` shows it.
        h.push_str("<div class=\"markdown\">");
        h.push_str(&i.description_html);
        h.push_str("</div></div>");
    }
    h.push_str("</div></li>");
}

fn slot_text(lang: crate::domain::Lang, s: &Slot) -> String {
    let mut out = format_date(lang, s.day);
    if let (Some(a), Some(b)) = (s.start, s.end) {
        out.push_str(&format!(" {a}–{b}"));
    }
    if !s.session.is_empty() {
        out.push_str(&format!(" · {}", s.session));
    }
    out
}

/// A changelog as a list.
#[component]
pub fn ChangeList(changes: Vec<Change>) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    view! {
        <ul class="changes">
            {changes
                .into_iter()
                .map(|c| {
                    let label = match c.kind {
                        ChangeKind::Added => t.agenda_change_added,
                        ChangeKind::Removed => t.agenda_change_removed,
                        ChangeKind::Moved => t.agenda_change_moved,
                        ChangeKind::Changed => t.agenda_change_changed,
                    };
                    let what = match c.target {
                        ChangeTarget::Session => format!("{} \u{201c}{}\u{201d}", t.agenda_session, c.title),
                        ChangeTarget::Item => format!("\u{201c}{}\u{201d}", c.title),
                    };
                    let place = match (&c.from, &c.to, c.kind) {
                        (Some(f), Some(to), ChangeKind::Moved) => format!("{} \u{2192} {}", slot_text(lang, f), slot_text(lang, to)),
                        (_, Some(to), _) => slot_text(lang, to),
                        (Some(f), None, _) => slot_text(lang, f),
                        (None, None, _) => String::new(),
                    };
                    let fields = (!c.fields.is_empty()).then(|| format!(" ({})", c.fields.join(", ")));
                    view! {
                        <li class=format!(
                            "change change-{}",
                            serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                        )>
                            <strong>{label}</strong>
                            ": "
                            {what}
                            " \u{2014} "
                            {place}
                            {fields}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn AgendaPage() -> impl IntoView {
    let id = use_meeting_id();
    let query = use_query_map();
    let rev = Memo::new(move |_| query.read().get("rev").and_then(|r| parse_id(&r)));
    // The reader's time zone: from the address (`?tz=`, the form below, works without
    // JavaScript), else the one remembered in the `midsa_tz` cookie (the server reads it).
    // In the browser the reader's own zone is put in the form and remembered in the cookie
    // (`DetectTimeZone`), so that every later page is rendered with it on the server. The page
    // itself is not fetched and drawn again: on a slow connection that would cost a request and
    // move the whole agenda under the reader's eyes.
    let tz_query = Memo::new(move |_| query.read().get("tz").filter(|z| !z.trim().is_empty()));
    let tz = tz_query;
    let data = crate::components::resource(
        move || (id.get(), rev.get(), tz.get()),
        |(id, rev, tz)| async move {
            match id {
                Some(id) => get_agenda(id, rev, tz).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let t = use_i18n();
    let lang = use_lang();
    view! {
        {loaded(
            data,
            move |d| {
                let mid = d.meeting.id;
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", t.agenda_title, d.meeting.title, t.app_name)) />
                    <MeetingHead m=d.meeting.clone() heading=t.agenda_title />
                    {d.viewer_tz.clone().map(|z| view! { <p class="tz-note">{t.agenda_viewer_note.replace("{zone}", &z)}</p> })}
                    <form method="get" class="tz-form no-print">
                        {rev.get_untracked().map(|r| view! { <input type="hidden" name="rev" value=r /> })}
                        <label for="tz-pick">{t.agenda_your_zone}</label>
                        <input
                            id="tz-pick"
                            name="tz"
                            list="tz-options"
                            autocomplete="off"
                            value=d.viewer_tz.clone().or_else(|| tz.get_untracked()).unwrap_or_default()
                        />
                        {(d.viewer_tz.is_none() && tz.get_untracked().is_none()).then(|| view! { <crate::islands::DetectTimeZone /> })}
                        <datalist id="tz-options">
                            {crate::features::meetings::types::VIEWER_TIMEZONES
                                .iter()
                                .map(|z| view! { <option value=*z></option> })
                                .collect_view()}
                        </datalist>
                        <button type="submit" class="button small">
                            {t.agenda_show_times}
                        </button>
                    </form>
                    {d
                        .can_edit
                        .then(|| {
                            view! {
                                <p class="no-print">
                                    <a class="button" href=format!("/meetings/{mid}/agenda/edit")>
                                        {t.meeting_edit_agenda}
                                    </a>
                                </p>
                            }
                        })}
                    <p class="no-print">
                        <a href=format!("/meetings/{mid}/live")>{t.live_link}</a>
                    </p>
                    {(!d.announcements.is_empty())
                        .then(|| {
                            view! {
                                <section class="notice" aria-labelledby="agenda-said-h">
                                    <h2 id="agenda-said-h">{t.live_announcements}</h2>
                                    <ul>
                                        {d
                                            .announcements
                                            .iter()
                                            .map(|a| {
                                                view! {
                                                    <li>
                                                        <strong>{a.at.clone()}</strong>
                                                        " "
                                                        {super::live_page::said(t, a)}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </section>
                            }
                        })}
                    {match d.revision {
                        None => view! { <p class="empty">{t.agenda_not_published}</p> }.into_any(),
                        Some(r) => {
                            let older = d.latest.is_some_and(|l| l != r.number);
                            view! {
                                <p class="revision-line">
                                    <strong>{format!("{} {}", t.agenda_revision, r.number)}</strong>
                                    {format!(", {} {}", t.agenda_published_on, format_date(lang, r.published_at.date_naive()))}
                                    " · "
                                    <a href=format!("/meetings/{mid}/agenda/revisions")>{t.agenda_revisions}</a>
                                    " · "
                                    <a href=format!("/meetings/{mid}/calendar.ics") rel="external">
                                        {t.meeting_download_ics}
                                    </a>
                                </p>
                                {older
                                    .then(|| {
                                        view! {
                                            <p class="notice" role="note">
                                                {t.agenda_older_notice}
                                                " "
                                                <a href=format!("/meetings/{mid}/agenda")>{t.agenda_latest}</a>
                                            </p>
                                        }
                                    })}
                                {(!r.note.is_empty()).then(|| view! { <p class="revision-note">{r.note.clone()}</p> })}
                                <details class="changelog no-print">
                                    <summary>{t.agenda_changelog}</summary>
                                    {if r.number == 1 {
                                        view! { <p>{t.agenda_first_revision}</p> }.into_any()
                                    } else {
                                        let changes = r.changes.clone();
                                        crate::components::inert(
                                                "changelog-list",
                                                move || {
                                                    // Nothing in it reacts: rendered to HTML at once.
                                                    view! { <ChangeList changes=changes.to_vec() /> }
                                                },
                                            )
                                            .into_any()
                                    }}
                                </details>
                                <AgendaView
                                    agenda=r.agenda
                                    html=r.html
                                    source_lang=d.meeting.source_lang
                                    part=format!("agenda:{mid}:{}:{}:{}", r.number, lang.code(), d.viewer_tz.as_deref().unwrap_or(""))
                                />
                            }
                                .into_any()
                        }
                    }}
                }
            },
        )}
    }
}

#[component]
pub fn RevisionsPage() -> impl IntoView {
    let id = use_meeting_id();
    let data = crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => list_revisions(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let t = use_i18n();
    let lang = use_lang();
    view! {
        {loaded(
            data,
            move |d| {
                let mid = d.meeting.id;
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", t.agenda_revisions, d.meeting.title, t.app_name)) />
                    <MeetingHead m=d.meeting.clone() heading=t.agenda_revisions />
                    {if d.revisions.is_empty() {
                        view! { <p class="empty">{t.agenda_not_published}</p> }.into_any()
                    } else {
                        view! {
                            <ol class="revisions" reversed>
                                {d
                                    .revisions
                                    .into_iter()
                                    .map(|r| {
                                        view! {
                                            <li>
                                                <a href=format!(
                                                    "/meetings/{mid}/agenda?rev={}",
                                                    r.number,
                                                )>{format!("{} {}", t.agenda_revision, r.number)}</a>
                                                {format!(
                                                    " \u{2014} {} {} \u{00b7} {} ",
                                                    t.agenda_published_on,
                                                    format_date(lang, r.published_at.date_naive()),
                                                    r.change_count,
                                                )}
                                                {t.agenda_changelog.to_lowercase()}
                                                {(!r.note.is_empty()).then(|| view! { <p class="revision-note">{r.note.clone()}</p> })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                        }
                            .into_any()
                    }}
                }
            },
        )}
    }
}

fn load_editor(id: Memo<Option<i32>>) -> Resource<Result<EditorData, AppError>, crate::components::Json> {
    crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_agenda_draft(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

fn day_options(m: &MeetingHeader, lang: crate::domain::Lang) -> Vec<(String, String)> {
    m.start_date.iter_days().take_while(|d| *d <= m.end_date).map(|d| (d.to_string(), format_day(lang, d))).collect()
}

fn session_options(a: &AgendaSnapshot, lang: crate::domain::Lang) -> Vec<(String, String)> {
    a.days
        .iter()
        .flat_map(|d| d.sessions.iter().map(move |s| (s.id.to_string(), format!("{} \u{2014} {}", format_date(lang, d.date), s.title))))
        .collect()
}

fn kind_options(t: &crate::i18n::Strings) -> Vec<(String, String)> {
    ItemKind::ALL.iter().map(|k| (k.as_str().to_string(), t.item_kind(*k).to_string())).collect()
}

/// The up / down / delete controls of one session or item (`target` is "session" or "item").
#[component]
fn RowControls(
    target: &'static str,
    id: i32,
    version: i32,
    label: String,
    mv: ServerAction<MoveAgendaEntry>,
    del: ServerAction<DeleteAgendaEntry>,
) -> impl IntoView {
    let t = use_i18n();
    let move_form = move |direction: &'static str, text: &'static str, arrow: &'static str, label: &str| {
        let aria = format!("{text}: {label}");
        view! {
            <ActionForm action=mv attr:class="inline-form">
                <input type="hidden" name="form[target]" value=target />
                <input type="hidden" name="form[id]" value=id />
                <input type="hidden" name="form[direction]" value=direction />
                <button type="submit" class="icon-button" aria-label=aria>
                    {arrow}
                </button>
            </ActionForm>
        }
    };
    view! {
        <div class="row-controls">
            {move_form("up", t.editor_move_up, "↑", &label)} {move_form("down", t.editor_move_down, "↓", &label)}
            <details class="confirm-delete">
                <summary>{t.editor_delete}</summary>
                <ActionForm action=del attr:class="inline-form">
                    <input type="hidden" name="form[target]" value=target />
                    <input type="hidden" name="form[id]" value=id />
                    <input type="hidden" name="form[version]" value=version />
                    <button type="submit" class="button danger small" aria-label=format!("{}{}{}", t.editor_confirm_delete, t.colon, label)>
                        {t.editor_confirm_delete}
                    </button>
                </ActionForm>
            </details>
        </div>
    }
}

#[component]
pub fn AgendaEditorPage() -> impl IntoView {
    let id = use_meeting_id();
    let data = load_editor(id);
    view! { {loaded(data, |d| view! { <Editor d /> })} }
}

#[component]
fn Editor(d: EditorData) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let mid = d.meeting.id;
    let add_session = use_action::<SaveSession>();
    let add_item = use_action::<SaveItem>();
    let publish = use_action::<PublishAgenda>();
    let mv = use_action::<MoveAgendaEntry>();
    let del = use_action::<DeleteAgendaEntry>();
    let row_errs = [FormErrors::of(mv), FormErrors::of(del)];
    let session_errs = FormErrors::of(add_session);
    let item_errs = FormErrors::of(add_item);
    let publish_errs = FormErrors::of(publish);
    let days = day_options(&d.meeting, lang);
    let sessions = session_options(&d.draft, lang);
    let has_sessions = !sessions.is_empty();
    let pending = d.pending.clone();
    view! {
        <Title text=crate::components::page_title(format!("{} · {} · {}", t.editor_title, d.meeting.title, t.app_name)) />
        <MeetingHead m=d.meeting.clone() heading=t.editor_title />
        <p>{t.editor_intro}</p>
        {row_errs.into_iter().map(|errs| view! { <FormStatus errs /> }).collect_view()}
        <section class="panel" aria-labelledby="publish-h">
            <h2 id="publish-h">{t.editor_publish}</h2>
            {d
                .latest
                .map(|n| {
                    view! {
                        <p>{format!("{} {}", t.agenda_latest, n)}" · "<a href=format!("/meetings/{mid}/agenda")>{t.agenda_title}</a></p>
                    }
                })}
            {if pending.is_empty() {
                view! { <p>{t.editor_no_changes}</p> }.into_any()
            } else {
                view! {
                    <h3>{t.editor_unpublished}</h3>
                    <ChangeList changes=pending />
                }
                    .into_any()
            }}
            <ActionForm action=publish attr:class="stacked-form">
                <FormStatus errs=publish_errs />
                <input type="hidden" name="form[meeting_id]" value=mid />
                <TextArea errs=publish_errs name="note" label=t.editor_publish_note rows=2 prefix="pub-" />
                <SubmitButton label=t.editor_publish_button pending=publish.pending().into() />
            </ActionForm>
        </section>

        {d
            .draft
            .days
            .into_iter()
            .map(|day| {
                view! {
                    <section class="agenda-day editor-day">
                        <h2>{format_day(lang, day.date)}</h2>
                        {day
                            .sessions
                            .into_iter()
                            .map(|s| {
                                let sid = s.id;
                                view! {
                                    <section class="agenda-session editor-session">
                                        <div class="editor-row">
                                            <h3>{s.title.clone()}</h3>
                                            <a class="button small" href=format!("/meetings/{mid}/agenda/sessions/{sid}")>
                                                {t.editor_edit}
                                                <span class="visually-hidden">{format!("{}{}", t.colon, s.title)}</span>
                                            </a>
                                            <RowControls target="session" id=sid version=s.version label=s.title.clone() mv del />
                                        </div>
                                        {if s.items.is_empty() {
                                            view! { <p class="empty">{t.agenda_empty_session}</p> }.into_any()
                                        } else {
                                            view! {
                                                <ol class="agenda-items">
                                                    {s
                                                        .items
                                                        .into_iter()
                                                        .map(|i| {
                                                            view! {
                                                                <li class="agenda-item editor-item" class:break=i.kind == ItemKind::Break>
                                                                    <p class="item-time">
                                                                        <time>{i.start.to_string()}</time>
                                                                        "–"
                                                                        <time>{i.end.to_string()}</time>
                                                                    </p>
                                                                    <div class="item-body editor-row">
                                                                        <h4>{i.title.clone()}</h4>
                                                                        <a
                                                                            class="button small"
                                                                            href=format!("/meetings/{mid}/agenda/items/{}", i.id)
                                                                        >
                                                                            {t.editor_edit}
                                                                            <span class="visually-hidden">
                                                                                {format!("{}{}", t.colon, i.title)}
                                                                            </span>
                                                                        </a>
                                                                        <RowControls
                                                                            target="item"
                                                                            id=i.id
                                                                            version=i.version
                                                                            label=i.title.clone()
                                                                            mv
                                                                            del
                                                                        />
                                                                    </div>
                                                                </li>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </ol>
                                            }
                                                .into_any()
                                        }}
                                    </section>
                                }
                            })
                            .collect_view()}
                    </section>
                }
            })
            .collect_view()}

        <section class="panel" aria-labelledby="add-session-h">
            <h2 id="add-session-h">{t.editor_add_session}</h2>
            <ActionForm action=add_session attr:class="stacked-form">
                <FormStatus errs=session_errs />
                <input type="hidden" name="form[meeting_id]" value=mid />
                <SelectField errs=session_errs name="day" label=t.agenda_day options=days prefix="ns-" />
                <TextField errs=session_errs name="title" label=t.editor_session_title required=true prefix="ns-" />
                <div class="row">
                    <TextField errs=session_errs name="room" label=t.agenda_room prefix="ns-" />
                    <TextField errs=session_errs name="chair" label=t.agenda_chair help=t.editor_chair_help prefix="ns-" />
                </div>
                <SubmitButton label=t.editor_add_session pending=add_session.pending().into() />
            </ActionForm>
        </section>

        {has_sessions
            .then(|| {
                view! {
                    <section class="panel" aria-labelledby="add-item-h">
                        <h2 id="add-item-h">{t.editor_add_item}</h2>
                        <ItemFields
                            action=add_item
                            errs=item_errs
                            meeting_id=mid
                            sessions=sessions.clone()
                            item=None
                            session_id=None
                            prefix="ni-"
                        />
                    </section>
                }
            })}
    }
}

/// The item form, for a new item (`item` None) or an existing one.
#[component]
fn ItemFields(
    action: ServerAction<SaveItem>,
    errs: FormErrors,
    meeting_id: i32,
    sessions: Vec<(String, String)>,
    item: Option<AgendaItem>,
    session_id: Option<i32>,
    prefix: &'static str,
) -> impl IntoView {
    let t = use_i18n();
    let v = |f: fn(&AgendaItem) -> String| item.as_ref().map(f).unwrap_or_default();
    let editing = item.is_some();
    let (id, version, title, kind, start, end, room) = (
        v(|i| i.id.to_string()),
        v(|i| i.version.to_string()),
        v(|i| i.title.clone()),
        v(|i| i.kind.as_str().into()),
        v(|i| i.start.to_string()),
        v(|i| i.end.to_string()),
        v(|i| i.room.clone()),
    );
    let chair = v(|i| i.chair.clone().map(|c| PersonList(vec![c]).to_lines()).unwrap_or_default());
    let speakers = v(|i| PersonList(i.speakers.clone()).to_lines());
    let description = v(|i| i.description_md.clone());
    view! {
        <ActionForm action attr:class="stacked-form">
            <FormStatus errs />
            <input type="hidden" name="form[meeting_id]" value=meeting_id />
            <input type="hidden" name="form[id]" value=id />
            <input type="hidden" name="form[version]" value=version />
            <SelectField
                errs
                name="session_id"
                label=t.editor_session
                options=sessions
                value=session_id.map(|s| s.to_string()).unwrap_or_default()
                prefix=prefix
            />
            <TextField errs name="title" label=t.editor_item_title value=title required=true prefix=prefix />
            <div class="row">
                <SelectField errs name="kind" label=t.editor_kind options=kind_options(t) value=kind prefix=prefix />
                <TextField errs name="start" label=t.editor_start kind="time" value=start required=true prefix=prefix />
                <TextField errs name="end" label=t.editor_end kind="time" value=end required=true prefix=prefix />
                <TextField errs name="room" label=t.agenda_room value=room prefix=prefix />
            </div>
            <TextField errs name="chair" label=t.agenda_chair help=t.editor_chair_help value=chair prefix=prefix />
            <TextArea errs name="speakers" label=t.agenda_speakers help=t.editor_speakers_help value=speakers rows=3 prefix=prefix />
            <TextArea errs name="description" label=t.meeting_description help=t.markdown_help value=description rows=4 prefix=prefix />
            <div class="form-actions">
                <SubmitButton label=if editing { t.editor_save } else { t.editor_add_item } pending=action.pending().into() />
                {editing
                    .then(|| {
                        view! {
                            <a class="button" href=format!("/meetings/{meeting_id}/agenda/edit")>
                                {t.form_cancel}
                            </a>
                        }
                    })}
            </div>
        </ActionForm>
    }
}

fn use_param_id(name: &'static str) -> Memo<Option<i32>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get(name).and_then(|s| parse_id(&s)))
}

#[component]
pub fn ItemEditPage() -> impl IntoView {
    let id = use_meeting_id();
    let iid = use_param_id("iid");
    let data = load_editor(id);
    let t = use_i18n();
    let lang = use_lang();
    view! {
        {loaded(
            data,
            move |d| {
                let found = d
                    .draft
                    .days
                    .iter()
                    .flat_map(|day| &day.sessions)
                    .find_map(|s| s.items.iter().find(|i| Some(i.id) == iid.get_untracked()).map(|i| (s.id, i.clone())));
                match found {
                    None => view! { <crate::error::ErrorView error=AppError::NotFound /> }.into_any(),
                    Some((sid, item)) => {
                        let action = use_action::<SaveItem>();
                        let errs = FormErrors::of(action);
                        let sessions = session_options(&d.draft, lang);
                        view! {
                            <Title text=crate::components::page_title(format!("{} · {}", t.editor_edit_item, t.app_name)) />
                            <MeetingHead m=d.meeting.clone() heading=t.editor_edit_item />
                            <p>
                                <a href=format!("/meetings/{}/agenda/edit", d.meeting.id)>{t.editor_back}</a>
                            </p>
                            <ItemFields action errs meeting_id=d.meeting.id sessions item=Some(item) session_id=Some(sid) prefix="" />
                        }
                            .into_any()
                    }
                }
            },
        )}
    }
}

#[component]
pub fn SessionEditPage() -> impl IntoView {
    let id = use_meeting_id();
    let sid = use_param_id("sid");
    let data = load_editor(id);
    let t = use_i18n();
    let lang = use_lang();
    view! {
        {loaded(
            data,
            move |d| {
                let found = d
                    .draft
                    .days
                    .iter()
                    .find_map(|day| day.sessions.iter().find(|s| Some(s.id) == sid.get_untracked()).map(|s| (day.date, s.clone())));
                match found {
                    None => view! { <crate::error::ErrorView error=AppError::NotFound /> }.into_any(),
                    Some((day, s)) => {
                        let action = use_action::<SaveSession>();
                        let errs = FormErrors::of(action);
                        let mid = d.meeting.id;
                        view! {
                            <Title text=crate::components::page_title(format!("{} · {}", t.editor_edit_session, t.app_name)) />
                            <MeetingHead m=d.meeting.clone() heading=t.editor_edit_session />
                            <p>
                                <a href=format!("/meetings/{mid}/agenda/edit")>{t.editor_back}</a>
                            </p>
                            <ActionForm action attr:class="stacked-form">
                                <FormStatus errs />
                                <input type="hidden" name="form[meeting_id]" value=mid />
                                <input type="hidden" name="form[id]" value=s.id />
                                <input type="hidden" name="form[version]" value=s.version />
                                <SelectField
                                    errs
                                    name="day"
                                    label=t.agenda_day
                                    options=day_options(&d.meeting, lang)
                                    value=day.to_string()
                                />
                                <TextField errs name="title" label=t.editor_session_title value=s.title.clone() required=true />
                                <div class="row">
                                    <TextField errs name="room" label=t.agenda_room value=s.room.clone() />
                                    <TextField
                                        errs
                                        name="chair"
                                        label=t.agenda_chair
                                        help=t.editor_chair_help
                                        value=s.chair.clone().map(|c| PersonList(vec![c]).to_lines()).unwrap_or_default()
                                    />
                                </div>
                                <div class="form-actions">
                                    <SubmitButton label=t.editor_save pending=action.pending().into() />
                                    <a class="button" href=format!("/meetings/{mid}/agenda/edit")>
                                        {t.form_cancel}
                                    </a>
                                </div>
                            </ActionForm>
                        }
                            .into_any()
                    }
                }
            },
        )}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::agenda::AgendaDay;
    use crate::domain::{ClockTime, Lang};

    fn item(id: i32, kind: ItemKind, title: &str) -> AgendaItem {
        AgendaItem {
            id,
            kind,
            start: ClockTime::parse("start", "09:00").unwrap(),
            end: ClockTime::parse("end", "09:30").unwrap(),
            title: title.into(),
            description_md: String::new(),
            description_html: String::new(),
            room: String::new(),
            chair: None,
            speakers: Vec::new(),
            version: 1,
            original_lang: None,
            viewer_time: None,
        }
    }

    #[test]
    fn the_agenda_is_written_as_escaped_html() {
        let person = |name: &str| PersonRef { name: name.into(), role: "Chair".into(), affiliation: "IOM".into() };
        let mut opening = item(7, ItemKind::Item, "<script>alert(1)</script> & \"Opening\"");
        opening.room = "Hall <A>".into();
        opening.chair = Some(person("Ms <b>Banda</b>"));
        opening.speakers = vec![person("A"), person("B")];
        opening.viewer_time = Some("07:00–07:30".into());
        opening.original_lang = Some(Lang::Pt);
        opening.description_html = "<p>Already <strong>sanitised</strong></p>".into();
        let agenda = AgendaSnapshot {
            days: vec![AgendaDay {
                date: chrono::NaiveDate::from_ymd_opt(2027, 3, 10).unwrap(),
                sessions: vec![
                    AgendaSession {
                        id: 1,
                        title: "Session \"one\"".into(),
                        room: "Plenary".into(),
                        chair: None,
                        version: 1,
                        items: vec![opening, item(8, ItemKind::Break, "Coffee")],
                        original_lang: None,
                    },
                    AgendaSession {
                        id: 2,
                        title: "Empty".into(),
                        room: String::new(),
                        chair: None,
                        version: 1,
                        items: vec![],
                        original_lang: None,
                    },
                ],
            }],
        };
        let t = Strings::get(Lang::En);
        let h = agenda_html(&agenda, Lang::Pt, t, Lang::En);
        // Text from the data never becomes markup; the sanitised description is kept as it is.
        assert!(!h.contains("<script>") && !h.contains("<b>") && !h.contains("<A>"), "{h}");
        assert!(h.contains("<span lang=\"pt\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"Opening\"</span>"), "{h}");
        assert!(h.contains("<p class=\"item-meta\">Room: Hall &lt;A&gt;</p>"), "{h}");
        assert!(h.contains("Chair: Ms &lt;b&gt;Banda&lt;/b&gt; (Chair, IOM)"), "{h}");
        assert!(h.contains("<div lang=\"pt\"><div class=\"markdown\"><p>Already <strong>sanitised</strong></p></div></div>"), "{h}");
        // The structure the page's style and tests rely on.
        assert!(h.starts_with("<p class=\"notice\" role=\"note\">"), "a note says some of it is in the original: {h}");
        assert!(h.contains("<section class=\"agenda-day\"><h2>Wednesday 10 March 2027</h2>"), "{h}");
        assert!(h.contains("<h3><span class=\"time\">09:00–09:30</span> <span>Session \"one\"</span></h3>"), "{h}");
        assert!(
            h.contains("<li class=\"agenda-item\" id=\"item-7\"><p class=\"item-time\"><time>09:00</time>–<time>09:30</time></p>"),
            "{h}"
        );
        assert!(h.contains("<p class=\"item-time viewer-time\">Your time: 07:00–07:30</p>"), "{h}");
        assert!(h.contains("<li class=\"agenda-item break\" id=\"item-8\">"), "{h}");
        assert!(h.contains("<span class=\"visually-hidden\">Break: </span><span>Coffee</span>"), "{h}");
        assert!(h.contains("<p class=\"empty\">"), "an empty session says so: {h}");
        assert_eq!(h.matches("<section").count(), h.matches("</section>").count());
        assert_eq!(h.matches("<li").count(), h.matches("</li>").count());
        assert_eq!(h.matches("<div").count(), h.matches("</div>").count());
        // Nothing in the original language: no note.
        let mut plain = agenda.clone();
        plain.days[0].sessions[0].items[0].original_lang = None;
        assert!(!agenda_html(&plain, Lang::Pt, t, Lang::En).contains("class=\"notice\""));
    }
}
