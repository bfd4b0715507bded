//! The regional table: each indicator's latest published value per member state, and its exports.

use super::*;

/// The latest published value of each (indicator, state) that `viewer` may read: from the most
/// recent published edition that has one. Keyed by indicator id, then state.
async fn latest_values(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    indicator: Option<i32>,
) -> ServiceResult<(HashMap<i32, HashMap<CountryCode, (profile_value::Model, i32)>>, Vec<CountryCode>)> {
    let editions = profile_edition::Entity::find().filter(profile_edition::Column::Status.eq(ProfileStatus::Published)).all(db).await?;
    let groups: HashMap<String, bool> =
        twg::Entity::find().all(db).await?.into_iter().map(|g| (g.country_code, g.profiles_public)).collect();
    let mut withheld = vec![];
    for c in CountryCode::all() {
        if !groups.get(c.code()).copied().unwrap_or(true) && !rights(db, viewer, c).await?.inside() {
            withheld.push(c);
        }
    }
    let by_id: HashMap<i32, (CountryCode, i32)> = editions
        .iter()
        .filter_map(|e| CountryCode::parse("c", &e.country_code).ok().map(|c| (e.id, (c, e.year))))
        .filter(|(_, (c, _))| !withheld.contains(c))
        .collect();
    let mut q = profile_value::Entity::find().filter(profile_value::Column::EditionId.is_in(by_id.keys().copied().collect::<Vec<_>>()));
    if let Some(i) = indicator {
        q = q.filter(profile_value::Column::IndicatorId.eq(i));
    }
    let mut out: HashMap<i32, HashMap<CountryCode, (profile_value::Model, i32)>> = HashMap::new();
    for v in q.all(db).await? {
        let Some(&(country, edition_year)) = by_id.get(&v.edition_id) else { continue };
        let slot = out.entry(v.indicator_id).or_default();
        if slot.get(&country).is_none_or(|(_, y)| *y < edition_year) {
            slot.insert(country, (v, edition_year));
        }
    }
    Ok((out, withheld))
}

fn cells(values: Option<&HashMap<CountryCode, (profile_value::Model, i32)>>, withheld: &[CountryCode]) -> Vec<RegionalCell> {
    CountryCode::all()
        .map(|country| {
            let v = values.and_then(|m| m.get(&country));
            RegionalCell {
                country,
                value: v.map(|(v, _)| v.value),
                shown: v.map(|(v, _)| format_value(v.value)),
                year: v.map(|(v, _)| v.year),
                source: v.map(|(v, _)| v.source.clone()).unwrap_or_default(),
                edition: v.map(|(_, y)| *y),
                withheld: withheld.contains(&country),
            }
        })
        .collect()
}

/// `/profiles/regional?indicator=N`: one indicator (default: the first of the set) across the
/// sixteen states.
pub async fn regional(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    indicator: Option<i32>,
    lang: Lang,
) -> ServiceResult<RegionalTable> {
    let set: Vec<IndicatorRow> = indicator_set(db).await?.iter().filter(|i| !i.archived).map(|i| indicator_row(i, lang)).collect();
    let chosen = match indicator {
        Some(id) => Some(set.iter().find(|i| i.id == id).cloned().ok_or(ServiceError::NotFound)?),
        None => set.first().cloned(),
    };
    let Some(ind) = chosen else {
        return Ok(RegionalTable { indicators: set, indicator: None, rows: vec![], years: None, can_compile: false });
    };
    let (values, withheld) = latest_values(db, viewer, Some(ind.id)).await?;
    let rows = cells(values.get(&ind.id), &withheld);
    let years = rows.iter().filter_map(|r| r.year).min().zip(rows.iter().filter_map(|r| r.year).max());
    Ok(RegionalTable { indicators: set, indicator: Some(ind), rows, years, can_compile: viewer.is_some_and(CurrentUser::is_secretariat) })
}

/// Every indicator across the sixteen states (exports and the API).
pub async fn regional_all(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    lang: Lang,
) -> ServiceResult<Vec<(IndicatorRow, Vec<RegionalCell>)>> {
    let set = indicator_set(db).await?;
    let (values, withheld) = latest_values(db, viewer, None).await?;
    Ok(set.iter().filter(|i| !i.archived).map(|i| (indicator_row(i, lang), cells(values.get(&i.id), &withheld))).collect())
}

/// The regional table as CSV or XLSX: one row per indicator and state, missing values empty.
pub async fn regional_export(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, lang: Lang, xlsx: bool) -> ServiceResult<Vec<u8>> {
    let t = crate::i18n::Strings::get(lang);
    let header = [
        t.pr_code,
        t.pr_indicator,
        t.pr_unit,
        t.pr_country_code,
        t.pr_country,
        t.pr_value,
        t.pr_value_year,
        t.pr_source,
        t.pr_edition,
        t.pr_status,
    ];
    let mut rows = vec![];
    for (ind, cells) in regional_all(db, viewer, lang).await? {
        for c in cells {
            rows.push(vec![
                ind.code.clone(),
                ind.name.clone(),
                ind.unit.clone(),
                c.country.code().to_string(),
                c.country.name(lang).to_string(),
                c.shown.unwrap_or_default(),
                c.year.map(|y| y.to_string()).unwrap_or_default(),
                c.source,
                c.edition.map(|y| y.to_string()).unwrap_or_default(),
                // Why a value is empty: missing, or not public (for this reader).
                match (c.withheld, c.value.is_some()) {
                    (true, _) => t.pr_withheld.to_string(),
                    (false, true) => String::new(),
                    (false, false) => t.pr_missing.to_string(),
                },
            ]);
        }
    }
    if xlsx {
        crate::ssr::table::xlsx(&header, &rows, "Regional profile")
    } else {
        Ok(crate::ssr::table::csv(&header, &rows).into_bytes())
    }
}

/// The codes of the indicator set, each with whether it is archived: a recommendation's
/// indicator may be newly tied to one in use, and keeps a tie to one archived since.
pub async fn indicator_codes(db: &impl ConnectionTrait) -> ServiceResult<Vec<(String, bool)>> {
    Ok(indicator_set(db).await?.into_iter().map(|i| (i.code, i.archived)).collect())
}

/// A member state's figures for the profile indicators `codes` (those a recommendation's
/// indicators are tied to), as `viewer` may read them: the baseline, from the latest edition
/// published on or before `baseline_on` (the plan's adoption), and the latest published value.
pub async fn state_figures(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    country: CountryCode,
    codes: &[String],
    baseline_on: chrono::NaiveDate,
    lang: Lang,
) -> ServiceResult<Vec<ProfileFigure>> {
    if codes.is_empty() {
        return Ok(vec![]);
    }
    let set: Vec<_> = indicator_set(db).await?.into_iter().filter(|i| codes.contains(&i.code)).collect();
    let readable = is_public(db, country).await? || rights(db, viewer, country).await?.inside();
    let editions = if readable {
        profile_edition::Entity::find()
            .filter(profile_edition::Column::CountryCode.eq(country.code()))
            .filter(profile_edition::Column::Status.eq(ProfileStatus::Published))
            .all(db)
            .await?
    } else {
        vec![]
    };
    let values = profile_value::Entity::find()
        .filter(profile_value::Column::EditionId.is_in(editions.iter().map(|e| e.id).collect::<Vec<_>>()))
        .filter(profile_value::Column::IndicatorId.is_in(set.iter().map(|i| i.id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let year_of = |edition: i32| editions.iter().find(|e| e.id == edition).map(|e| e.year).unwrap_or(0);
    let published_by = |edition: i32| {
        editions.iter().find(|e| e.id == edition).and_then(|e| e.published_at).is_some_and(|p| p.date_naive() <= baseline_on)
    };
    let figure = |v: &profile_value::Model| FigureValue { value: format_value(v.value), year: v.year, edition: year_of(v.edition_id) };
    Ok(set
        .iter()
        .map(|i| {
            let mut mine: Vec<&profile_value::Model> = values.iter().filter(|v| v.indicator_id == i.id).collect();
            mine.sort_by_key(|v| std::cmp::Reverse(year_of(v.edition_id)));
            ProfileFigure {
                code: i.code.clone(),
                indicator_id: i.id,
                name: i.name(lang).to_string(),
                unit: i.unit.clone(),
                baseline: mine.iter().find(|v| published_by(v.edition_id)).map(|v| figure(v)),
                latest: mine.first().map(|v| figure(v)),
                withheld: !readable,
            }
        })
        .collect())
}

/// The indicator set (everyone: it is what the profiles measure).
pub async fn indicators(db: &impl ConnectionTrait, lang: Lang) -> ServiceResult<Vec<IndicatorRow>> {
    Ok(indicator_set(db).await?.iter().map(|i| indicator_row(i, lang)).collect())
}

/// A regional profile edition drafted from the regional table (secretariat): a paragraph for the
/// secretariat's analysis, then per chapter a table of the member states' latest published
/// values of its indicators (with their reference years; missing ones said so), to edit and
/// publish as a briefing paper of a meeting (through the papers' own function).
pub async fn compile(db: &impl ConnectionTrait, actor: &CurrentUser, lang: Lang, now: DateTime<Utc>) -> ServiceResult<RegionalCompilation> {
    crate::ssr::access::require_secretariat(actor)?;
    use crate::ssr::markdown::md_text;
    let t = crate::i18n::Strings::get(lang);
    let set: Vec<_> = indicator_set(db).await?.into_iter().filter(|i| !i.archived).collect();
    // As the public sees it: a briefing paper may be public, and a state whose profiles are not
    // public must not have its values published through it.
    let (values, withheld) = latest_values(db, None, None).await?;
    let mut md = format!("{}\n", md_text(&t.pr_compile_intro.replace("{date}", &crate::i18n::format_date(lang, now.date_naive()))));
    for chapter in Chapter::ALL {
        let mine: Vec<_> = set.iter().filter(|i| i.chapter == *chapter).collect();
        if mine.is_empty() {
            continue;
        }
        md.push_str(&format!("\n## {}\n\n| {} |", md_text(t.profile_chapter(*chapter)), md_text(t.pr_country)));
        for i in &mine {
            let name = if i.unit.is_empty() { i.name(lang).to_string() } else { format!("{} ({})", i.name(lang), i.unit) };
            md.push_str(&format!(" {} |", md_text(&name)));
        }
        md.push_str(&format!("\n|---|{}\n", "---:|".repeat(mine.len())));
        for country in CountryCode::all() {
            md.push_str(&format!("| {} |", md_text(country.name(lang))));
            for i in &mine {
                let cell = match values.get(&i.id).and_then(|m| m.get(&country)) {
                    Some((v, _)) => format!("{} ({})", format_value(v.value), v.year),
                    None if withheld.contains(&country) => format!("*{}*", md_text(t.pr_withheld)),
                    None => format!("*{}*", md_text(t.pr_missing)),
                };
                md.push_str(&format!(" {cell} |"));
            }
            md.push('\n');
        }
    }
    md.push_str(&format!("\n{}\n", md_text(t.pr_compile_note)));
    let meetings = meeting::Entity::find().order_by_asc(meeting::Column::StartDate).all(db).await?;
    let today = now.date_naive();
    Ok(RegionalCompilation {
        title: t.pr_compile_title.replace("{year}", &now.year().to_string()),
        markdown: md,
        default_meeting: meetings.iter().find(|m| m.start_date >= today).or(meetings.last()).map(|m| m.id),
        meetings: meetings.into_iter().map(|m| (m.id, m.title)).collect(),
        lang,
    })
}
