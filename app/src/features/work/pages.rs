//! `/work`: what waits for the signed-in person, each item a link to where it is done.

use super::api::my_work;
use super::types::{WorkItem, WorkKind};
use crate::components::loaded;
use crate::i18n::{format_date, use_i18n, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn WorkPage() -> impl IntoView {
    let t = use_i18n();
    let data = crate::components::resource(move || (), |_| async move { my_work().await });
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.work_title, t.app_name)) />
        <h1>{t.work_title}</h1>
        {loaded(data, |items| view! { <WorkList items /> })}
    }
}

#[component]
fn WorkList(items: Vec<WorkItem>) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    if items.is_empty() {
        return view! {
            <p class="empty">{t.work_none}</p>
            <p>
                <a href="/meetings">{t.nav_meetings}</a>
            </p>
        }
        .into_any();
    }
    let words = move |i: &WorkItem| {
        let n = i.count.to_string();
        let text = match i.kind {
            WorkKind::RegistrationsToDecide => t.work_registrations.replace("{n}", &n),
            WorkKind::ReportsToReview => t.work_reviews.replace("{n}", &n),
            WorkKind::NotesVerbalesMissing => t.work_notes_missing.replace("{n}", &n),
            WorkKind::MinutesComments => t.work_minutes_comments.replace("{n}", &n),
            WorkKind::ReportsDue => t.work_reports_due.replace("{n}", &n),
            WorkKind::HeadMissing => t.work_head_missing.to_string(),
            WorkKind::MembersToConfirm => t.work_members_to_confirm.replace("{n}", &n),
            WorkKind::NoteVerbaleMissing => t.work_note_missing.to_string(),
            WorkKind::MinutesToComment => t.work_minutes_to_comment.to_string(),
        };
        match i.until {
            Some(d) => format!("{text} ({})", t.work_until.replace("{date}", &format_date(lang, d))),
            None => text,
        }
    };
    view! {
        <ul class="work">
            {items
                .iter()
                .map(|i| {
                    view! {
                        <li class="panel">
                            <a href=i.link.clone()>
                                <strong>{words(i)}</strong>
                            </a>
                            <br />
                            <span class="meta">{i.context.clone()}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
