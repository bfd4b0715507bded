//! A member state's page: its reports on every recommendation across cycles.

use super::*;

/// `/meetings/{id}/plan/countries/{code}`: every recommendation of the plan that concerns the
/// member state, its latest validated report and the history of submitted versions (newest
/// first) across cycles. Statuses as on the dashboard; narratives for the secretariat and focal
/// points, or for everyone when the plan publishes them.
pub async fn country_page(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    code: &str,
    lang: Lang,
    page: u32,
) -> ServiceResult<super::super::types::CountryPageData> {
    use super::super::types::{CountryPageData, CountryRecommendation, CountrySummaryRow, COUNTRY_PAGE_SIZE};
    let country = CountryCode::parse("country", code).map_err(|_| ServiceError::NotFound)?;
    let m = find_visible(db, viewer, meeting_id).await?;
    let p = find_plan(db, meeting_id).await?.ok_or(ServiceError::NotFound)?;
    if p.status != PlanStatus::Adopted && !viewer.is_some_and(CurrentUser::is_secretariat) {
        return Err(ServiceError::NotFound);
    }
    let statuses = sees_statuses(&p, viewer);
    let insider = viewer.is_some_and(|u| u.is_secretariat() || u.role == Role::FocalPoint);
    let narratives = insider || p.public_narratives;
    let themes = themes(db, lang).await?;
    let recs: Vec<recommendation::Model> =
        recommendations_of(db, meeting_id).await?.into_iter().filter(|r| States::from_db(&r.states).contains(country)).collect();
    let cycles = reporting_cycle::Entity::find().filter(reporting_cycle::Column::PlanId.eq(p.id)).all(db).await?;
    let title_of = |id: i32| cycles.iter().find(|c| c.id == id).map(|c| c.title.clone()).unwrap_or_default();
    let order_of = |id: i32| cycles.iter().find(|c| c.id == id).map(|c| (c.opens_on, c.id));
    let reports = if statuses && !cycles.is_empty() {
        progress_report::Entity::find()
            .filter(progress_report::Column::CycleId.is_in(cycles.iter().map(|c| c.id).collect::<Vec<_>>()))
            .filter(progress_report::Column::Reporter.eq(country.code()))
            .filter(progress_report::Column::State.ne(ReportState::Draft))
            .all(db)
            .await?
    } else {
        vec![]
    };
    let pages = recs.len().div_ceil(COUNTRY_PAGE_SIZE).max(1) as u32;
    if page == 0 || page > pages {
        return Err(ServiceError::NotFound);
    }
    let mut by_rec: HashMap<i32, Vec<&progress_report::Model>> = HashMap::new();
    for x in &reports {
        by_rec.entry(x.recommendation_id).or_default().push(x);
    }
    for mine in by_rec.values_mut() {
        mine.sort_by_key(|x| std::cmp::Reverse((order_of(x.cycle_id), x.seq)));
    }
    let latest_of = |id: i32| by_rec.get(&id).and_then(|mine| mine.iter().find(|x| x.state == ReportState::Validated).copied());
    let summary = recs
        .iter()
        .enumerate()
        .map(|(i, r)| CountrySummaryRow {
            recommendation_id: r.id,
            code: r.code.clone(),
            theme_name: themes.iter().find(|t| t.code == r.theme).map(|t| t.name.clone()).unwrap_or_else(|| r.theme.clone()),
            latest: latest_of(r.id).map(|x| (title_of(x.cycle_id), x.status, x.percent)),
            page: (i / COUNTRY_PAGE_SIZE) as u32 + 1,
        })
        .collect();
    let on_page: Vec<&recommendation::Model> = recs.iter().skip((page as usize - 1) * COUNTRY_PAGE_SIZE).take(COUNTRY_PAGE_SIZE).collect();
    // Files and Markdown only for the versions this page shows.
    let shown_ids: Vec<i32> = on_page.iter().flat_map(|r| by_rec.get(&r.id).into_iter().flatten().map(|x| x.id)).collect();
    let files = if narratives { files_of(db, shown_ids).await? } else { HashMap::new() };
    // Figures from the state's migration profiles, for the indicators tied to one (one read
    // for the page): the baseline as published when the plan was adopted (or its meeting began).
    let ties: HashMap<i32, Vec<String>> = on_page
        .iter()
        .map(|r| {
            let codes = serde_json::from_str::<Vec<crate::domain::plan::Indicator>>(&r.indicators)
                .unwrap_or_default()
                .into_iter()
                .map(|i| i.profile)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>();
            (r.id, codes)
        })
        .collect();
    let mut all_codes: Vec<String> = ties.values().flatten().cloned().collect();
    all_codes.sort();
    all_codes.dedup();
    let baseline_on = p.adopted_on.unwrap_or(m.start_date);
    let found = crate::features::profiles::service::state_figures(db, viewer, country, &all_codes, baseline_on, lang).await?;
    let mut figures: HashMap<i32, Vec<crate::features::profiles::types::ProfileFigure>> =
        ties.iter().map(|(id, codes)| (*id, found.iter().filter(|f| codes.contains(&f.code)).cloned().collect())).collect();
    let items = on_page
        .into_iter()
        .map(|r| {
            let mine: &[&progress_report::Model] = by_rec.get(&r.id).map(Vec::as_slice).unwrap_or(&[]);
            let shown = |x: &progress_report::Model| {
                let mut v = version_of(x, &files);
                if !insider {
                    v.author.clear();
                    v.reviewer.clear();
                    v.review_comment.clear();
                }
                if !narratives {
                    v.narrative_html.clear();
                    v.next_steps_html.clear();
                    v.evidence.clear();
                    v.review_comment.clear();
                }
                (title_of(x.cycle_id), v)
            };
            CountryRecommendation {
                recommendation: view_of(r, &themes, lang, vec![]),
                latest: latest_of(r.id).map(shown),
                // The public sees validated versions only; insiders every submitted one.
                history: mine.iter().filter(|x| insider || x.state == ReportState::Validated).map(|x| shown(x)).collect(),
                profile_figures: figures.remove(&r.id).unwrap_or_default(),
            }
        })
        .collect();
    Ok(CountryPageData {
        meeting_id,
        meeting_title: m.title.clone(),
        code: country.code().to_string(),
        name: country.name(lang).to_string(),
        narratives_visible: narratives,
        summary,
        items,
        page,
        pages,
    })
}
