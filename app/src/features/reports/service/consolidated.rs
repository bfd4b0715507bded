//! The consolidated report that feeds the next meeting: figures per theme and per-country
//! highlights from the latest validated narratives.

use super::*;

use crate::ssr::markdown::md_text;

pub(super) fn excerpt(md: &str, max: usize) -> String {
    let text = markdown::plain_text(md);
    if text.chars().count() <= max {
        text
    } else {
        format!("{}\u{2026}", text.chars().take(max).collect::<String>().trim_end())
    }
}

/// The consolidated regional progress report of a cycle (secretariat), as Markdown the
/// secretariat edits before publishing it as a briefing paper: a summary table per theme, a
/// section per theme with each recommendation's figures, and per-country highlights drawn from
/// the latest validated narratives. Only validated reports count.
pub async fn consolidated(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    cycle_id: i32,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<super::super::types::ConsolidatedData> {
    use crate::i18n::{format_date, Strings};
    secretariat_only(actor)?;
    let t = Strings::get(lang);
    let (c, p, m) = load_cycle(db, Some(actor), cycle_id).await?;
    let today = crate::domain::venue_today(&m.timezone, now);
    let themes = themes(db, lang).await?;
    let recs = cycle_recommendations(db, &c, m.id).await?;
    let mut latest: HashMap<(i32, String), progress_report::Model> = HashMap::new();
    for r in progress_report::Entity::find()
        .filter(progress_report::Column::CycleId.eq(c.id))
        .filter(progress_report::Column::State.eq(ReportState::Validated))
        .all(db)
        .await?
    {
        let key = (r.recommendation_id, r.reporter.clone());
        if latest.get(&key).is_none_or(|x| x.seq < r.seq) {
            latest.insert(key, r);
        }
    }
    let status_name = |s: ReportStatus| match s {
        ReportStatus::NotStarted => t.rs_not_started,
        ReportStatus::InProgress => t.rs_in_progress,
        ReportStatus::Achieved => t.rs_achieved,
        ReportStatus::Delayed => t.rs_delayed,
        ReportStatus::NotApplicable => t.rs_not_applicable,
    };
    let counts = |rs: &[&recommendation::Model]| {
        let mut n = vec![0usize; ReportStatus::ALL.len() + 1];
        let (mut sum, mut k) = (0i64, 0i64);
        for r in rs {
            // Everyone due to report: its member states and its regional bodies, as on the dashboard.
            for country in Reporter::all_for(&States::from_db(&r.states), &r.bodies) {
                match latest.get(&(r.id, country.code().to_string())) {
                    Some(x) => {
                        let s = x.status;
                        n[ReportStatus::ALL.iter().position(|y| *y == s).unwrap_or(0)] += 1;
                        if s != ReportStatus::NotApplicable {
                            sum += x.percent as i64;
                            k += 1;
                        }
                    }
                    None => n[ReportStatus::ALL.len()] += 1,
                }
            }
        }
        (n, (k > 0).then(|| sum / k))
    };
    // The paper's title is its heading: the document starts at level 2.
    let mut md = String::new();
    md.push_str(&format!(
        "{}\n\n",
        md_text(&t.consolidated_intro.replace("{n}", &m.title).replace("{with}", &format_date(lang, c.due_on)))
    ));
    // Summary table.
    md.push_str(&format!("## {}\n\n| {} |", t.consolidated_summary, t.plan_theme));
    for s in ReportStatus::ALL {
        md.push_str(&format!(" {} |", status_name(*s)));
    }
    md.push_str(&format!(" {} | {} |\n|---|", t.dashboard_no_report, t.dashboard_average));
    md.push_str(&"---:|".repeat(ReportStatus::ALL.len() + 2));
    md.push('\n');
    let by_theme: Vec<(&crate::features::plan::types::Theme, Vec<&recommendation::Model>)> = themes
        .iter()
        .map(|th| (th, recs.iter().filter(|r| r.theme == th.code).collect::<Vec<_>>()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    for (th, rs) in &by_theme {
        let (n, avg) = counts(rs);
        md.push_str(&format!("| {} |", md_text(&th.name)));
        for x in n {
            md.push_str(&format!(" {x} |"));
        }
        md.push_str(&format!(" {} |\n", avg.map(|a| format!("{a}%")).unwrap_or_else(|| "\u{2014}".into())));
    }
    // Per theme.
    for (th, rs) in &by_theme {
        md.push_str(&format!("\n## {}\n\n", md_text(&th.name)));
        for r in rs {
            let (n, avg) = counts(std::slice::from_ref(r));
            let parts: Vec<String> =
                ReportStatus::ALL.iter().zip(&n).filter(|(_, x)| **x > 0).map(|(s, x)| format!("{} {x}", status_name(*s))).collect();
            md.push_str(&format!(
                "- **{}** {} \u{2014} {}{}\n",
                md_text(&r.code),
                md_text(&excerpt(&r.text_md, 160)),
                if parts.is_empty() { t.dashboard_no_report.to_string() } else { parts.join(", ") },
                avg.map(|a| format!(" ({} {a}%)", t.dashboard_average)).unwrap_or_default()
            ));
        }
    }
    // Per country.
    md.push_str(&format!("\n## {}\n", t.consolidated_countries));
    let everyone =
        CountryCode::all().map(Reporter::State).chain(crate::domain::plan::REGIONAL_BODIES.iter().map(|(b, _)| Reporter::Body(b)));
    for country in everyone {
        let mine: Vec<(&recommendation::Model, &progress_report::Model)> = recs
            .iter()
            .filter(|r| country.is_responsible(&States::from_db(&r.states), &r.bodies))
            .filter_map(|r| latest.get(&(r.id, country.code().to_string())).map(|x| (r, x)))
            .collect();
        if mine.is_empty() {
            continue;
        }
        md.push_str(&format!("\n### {}\n\n", md_text(country.name(lang))));
        for (r, x) in mine.iter().filter(|(_, x)| !x.narrative_md.trim().is_empty()).take(5) {
            let s = x.status;
            md.push_str(&format!(
                "- **{}** ({}, {}%): {}\n",
                md_text(&r.code),
                status_name(s),
                x.percent,
                md_text(&excerpt(&x.narrative_md, 280))
            ));
        }
    }
    // Where to publish: by default the plan's next meeting (the first that starts after it).
    let meetings = meeting::Entity::find().order_by_asc(meeting::Column::StartDate).all(db).await?;
    let default_meeting = meetings.iter().find(|x| x.start_date > m.start_date).map(|x| x.id).unwrap_or(m.id);
    Ok(super::super::types::ConsolidatedData {
        meeting_id: m.id,
        meeting_title: m.title.clone(),
        cycle: cycle_summary(&c, today, recs.len()),
        title: format!("{} \u{2014} {}", t.consolidated_heading, c.title),
        markdown: md,
        meetings: meetings.iter().map(|x| (x.id, x.title.clone())).collect(),
        default_meeting,
        lang,
        narratives_public: p.public_narratives,
    })
}
