//! An edition's life: started as a copy, written (chapters, indicator table), reviewed, moved on.

use super::*;

/// Starts the state's edition of a year (focal point, secretariat): a draft copying the latest
/// edition's text and values. One edition in preparation at a time; a year after the latest.
pub async fn new_edition(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    form: &NewEditionForm,
    now: DateTime<Utc>,
) -> ServiceResult<(CountryCode, i32)> {
    let country = managed(db, actor, &form.country).await?;
    let year = parse_year("year", &form.year)?;
    // Never beyond next year: a far-off year would leave the state never due and no room for
    // the next edition.
    let this_year = now.year();
    if year > this_year + 1 {
        return Err(FieldError::new("year", ErrorCode::OutOfRange { min: 1950, max: this_year + 1 }).into());
    }
    let txn = crate::ssr::write_txn(db).await?;
    let all = profile_edition::Entity::find()
        .filter(profile_edition::Column::CountryCode.eq(country.code()))
        .order_by_desc(profile_edition::Column::Year)
        .all(&txn)
        .await?;
    if all.iter().any(|e| e.status != ProfileStatus::Published) {
        return Err(FieldError::new("year", ErrorCode::EditionInProgress).into());
    }
    let last = all.first();
    if let Some(l) = last {
        if year <= l.year {
            return Err(FieldError::new("year", ErrorCode::OutOfRange { min: l.year + 1, max: this_year + 1 }).into());
        }
    }
    let e = profile_edition::ActiveModel {
        country_code: Set(country.code().to_string()),
        year: Set(year),
        status: Set(ProfileStatus::Draft),
        source_lang: Set(last.map(|l| l.source_lang).unwrap_or(actor.locale)),
        copied_from: Set(last.map(|l| l.id)),
        version: Set(1),
        validated_by_name: Set(String::new()),
        validated_at: Set(None),
        published_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| on_unique_violation(e, |_| FieldError::new("year", ErrorCode::EditionInProgress).into()))?;
    if let Some(l) = last {
        for t in profile_text::Entity::find().filter(profile_text::Column::EditionId.eq(l.id)).all(&txn).await? {
            profile_text::ActiveModel {
                edition_id: Set(e.id),
                chapter: Set(t.chapter),
                lang: Set(t.lang),
                body_md: Set(t.body_md),
                body_html: Set(t.body_html),
                version: Set(1),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        for v in profile_value::Entity::find().filter(profile_value::Column::EditionId.eq(l.id)).all(&txn).await? {
            profile_value::ActiveModel {
                edition_id: Set(e.id),
                indicator_id: Set(v.indicator_id),
                value: Set(v.value),
                year: Set(v.year),
                source: Set(v.source),
                note: Set(v.note),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    record(
        &txn,
        actor,
        "profile.edition_new",
        "profile_edition",
        Some(e.id),
        format!("Started the {year} migration profile of {country}"),
        json!({ "country": country.code(), "year": year, "copied_from": last.map(|l| l.year) }),
    )
    .await?;
    txn.commit().await?;
    Ok((country, year))
}

/// Saves a chapter's text in one language. Returns (state, year).
pub async fn save_chapter(db: &DatabaseConnection, actor: &CurrentUser, form: &ChapterForm) -> ServiceResult<(CountryCode, i32)> {
    let chapter = Chapter::parse("chapter", &form.chapter)?;
    let lang = Lang::ALL.into_iter().find(|l| l.code() == form.lang.trim()).ok_or(FieldError::new("lang", ErrorCode::InvalidChoice))?;
    let body = Markdown::parse("body", &form.body)?;
    let version: i32 = form.version.trim().parse().map_err(|_| ServiceError::Conflict("chapter: no version given".into()))?;
    let html = markdown::render(body.as_str());
    let txn = crate::ssr::write_txn(db).await?;
    let (e, _) = editable(&txn, actor, &form.edition_id).await?;
    // Refuses a validated or published edition (locked), and moves its version on.
    touch(&txn, &e, &[ProfileStatus::Draft, ProfileStatus::Review], true).await?;
    let now = Utc::now();
    let what = format!("the {} chapter of the {} profile of {}", chapter.as_str(), e.year, e.country_code);
    let existing = profile_text::Entity::find()
        .filter(profile_text::Column::EditionId.eq(e.id))
        .filter(profile_text::Column::Chapter.eq(chapter))
        .filter(profile_text::Column::Lang.eq(lang))
        .one(&txn)
        .await?;
    let before = existing.as_ref().map(|t| t.body_md.clone()).unwrap_or_default();
    match existing {
        None if version == 0 => {
            if !body.as_str().is_empty() {
                profile_text::ActiveModel {
                    edition_id: Set(e.id),
                    chapter: Set(chapter),
                    lang: Set(lang),
                    body_md: Set(body.as_str().to_string()),
                    body_html: Set(html),
                    version: Set(1),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .map_err(|err| on_unique_violation(err, |_| ServiceError::Conflict(what.clone())))?;
            }
        }
        None => return Err(ServiceError::Conflict(what)),
        Some(t) => {
            let update = profile_text::Entity::update_many()
                .col_expr(profile_text::Column::BodyMd, Expr::value(body.as_str()))
                .col_expr(profile_text::Column::BodyHtml, Expr::value(html))
                .col_expr(profile_text::Column::UpdatedAt, Expr::value(now))
                .filter(profile_text::Column::Id.eq(t.id));
            claim_version(&txn, update, profile_text::Column::Version, version, what.clone()).await?;
        }
    }
    record(
        &txn,
        actor,
        "profile.chapter", "profile_edition",
        Some(e.id),
        format!("Saved {what} ({})", lang.code()),
        json!({ "chapter": chapter.as_str(), "lang": lang.code(), "body": crate::ssr::audit::json_diff(&json!({ "body": before }), &json!({ "body": body.as_str() })) }),
    )
    .await?;
    txn.commit().await?;
    Ok((parse_country(&e.country_code)?, e.year))
}

/// Replaces the edition's indicator table (an empty value: missing). Returns (state, year).
pub async fn save_values(db: &DatabaseConnection, actor: &CurrentUser, form: &ValuesForm) -> ServiceResult<(CountryCode, i32)> {
    let set = indicator_set(db).await?;
    let n = form.indicator.len();
    if n > set.len() || [form.value.len(), form.year.len(), form.source.len(), form.note.len()].iter().any(|l| *l != n) {
        return Err(FieldError::new("form", ErrorCode::InvalidTable).into());
    }
    let mut e = FieldErrors::new();
    let mut rows: Vec<(i32, f64, Option<i32>, String, String)> = vec![];
    let mut seen = std::collections::HashSet::new();
    for i in 0..n {
        let Some(ind) = parse_id(&form.indicator[i]).and_then(|id| set.iter().find(|s| s.id == id)) else {
            e.push("form", ErrorCode::InvalidTable);
            continue;
        };
        if !seen.insert(ind.id) {
            e.push("form", ErrorCode::InvalidTable);
            continue;
        }
        let key = |f: &str| format!("{f}.{}", ind.id);
        let value = e.take(parse_value(&key("value"), &form.value[i]));
        let year = if form.year[i].trim().is_empty() { Some(None) } else { e.take(parse_year(&key("year"), &form.year[i])).map(Some) };
        let source = e.take(optional_text(&key("source"), &form.source[i], 300));
        let note = e.take(optional_text(&key("note"), &form.note[i], 500));
        if let (Some(Some(v)), Some(y), Some(s), Some(note)) = (value, year, source, note) {
            rows.push((ind.id, v, y, s, note));
        }
    }
    e.finish()?;
    let txn = crate::ssr::write_txn(db).await?;
    let (ed, _) = editable(&txn, actor, &form.edition_id).await?;
    locked(&ed)?;
    let version: i32 = form.version.trim().parse().unwrap_or(-1);
    let claim = profile_edition::Entity::update_many()
        .col_expr(profile_edition::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(profile_edition::Column::Id.eq(ed.id));
    claim_version(&txn, claim, profile_edition::Column::Version, version, format!("the {} profile of {}", ed.year, ed.country_code))
        .await?;
    // Values of indicators the form did not show (archived ones) are kept.
    let shown: Vec<i32> = form.indicator.iter().filter_map(|s| parse_id(s)).collect();
    profile_value::Entity::delete_many()
        .filter(profile_value::Column::EditionId.eq(ed.id))
        .filter(profile_value::Column::IndicatorId.is_in(shown))
        .exec(&txn)
        .await?;
    for (indicator_id, value, year, source, note) in &rows {
        profile_value::ActiveModel {
            edition_id: Set(ed.id),
            indicator_id: Set(*indicator_id),
            value: Set(*value),
            year: Set(year.unwrap_or(ed.year)),
            source: Set(source.clone()),
            note: Set(note.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    record(
        &txn,
        actor,
        "profile.values", "profile_edition",
        Some(ed.id),
        format!("Saved the indicator table of the {} profile of {} ({} values)", ed.year, ed.country_code, rows.len()),
        json!({ "values": rows.iter().map(|(i, v, y, s, _)| json!({ "indicator": i, "value": v, "year": y, "source": s })).collect::<Vec<_>>() }),
    )
    .await?;
    txn.commit().await?;
    Ok((parse_country(&ed.country_code)?, ed.year))
}

/// A review comment on a chapter (the group, during review). Returns (state, year).
pub async fn comment(db: &DatabaseConnection, actor: &CurrentUser, form: &ProfileCommentForm) -> ServiceResult<(CountryCode, i32)> {
    let chapter = Chapter::parse("chapter", &form.chapter)?;
    let body = Markdown::parse("body", &form.body)?;
    if body.as_str().is_empty() {
        return Err(FieldError::new("body", ErrorCode::Required).into());
    }
    let txn = crate::ssr::write_txn(db).await?;
    let (e, _) = editable(&txn, actor, &form.edition_id).await?;
    if e.status != ProfileStatus::Review {
        return Err(FieldError::new("body", ErrorCode::CommentsClosed).into());
    }
    touch(&txn, &e, &[ProfileStatus::Review], false).await?;
    let c = profile_comment::ActiveModel {
        edition_id: Set(e.id),
        chapter: Set(chapter),
        author_id: Set(Some(actor.id)),
        author: Set(actor.display_name.clone()),
        body_html: Set(markdown::render(body.as_str())),
        body_md: Set(body.as_str().to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        actor,
        "profile.comment",
        "profile_edition",
        Some(e.id),
        format!("Commented on the {} chapter of the {} profile of {}", chapter.as_str(), e.year, e.country_code),
        json!({ "comment": c.id, "chapter": chapter.as_str(), "body": body.as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok((parse_country(&e.country_code)?, e.year))
}

/// Moves an edition on (or back to draft). Returns (state, year, new status).
pub async fn step(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    form: &ProfileStepForm,
    now: DateTime<Utc>,
) -> ServiceResult<(CountryCode, i32, ProfileStatus)> {
    let to = ProfileStatus::parse("to", &form.to)?;
    let txn = crate::ssr::write_txn(db).await?;
    let (e, r) = editable(&txn, actor, &form.edition_id).await?;
    if !may_step(r, to) {
        return Err(ServiceError::Forbidden);
    }
    if !e.status.can_become(to) {
        return Err(FieldError::new("to", ErrorCode::IllegalTransition { from: e.status.as_str().into(), to: to.as_str().into() }).into());
    }
    let version: i32 = form.version.trim().parse().unwrap_or(-1);
    let mut update = profile_edition::Entity::update_many()
        .col_expr(profile_edition::Column::Status, Expr::value(to))
        .col_expr(profile_edition::Column::UpdatedAt, Expr::value(now))
        .filter(profile_edition::Column::Id.eq(e.id));
    match to {
        ProfileStatus::Validated => {
            update = update
                .col_expr(profile_edition::Column::ValidatedByName, Expr::value(actor.display_name.clone()))
                .col_expr(profile_edition::Column::ValidatedAt, Expr::value(now));
        }
        ProfileStatus::Published => update = update.col_expr(profile_edition::Column::PublishedAt, Expr::value(now)),
        ProfileStatus::Draft => {
            update = update
                .col_expr(profile_edition::Column::ValidatedByName, Expr::value(""))
                .col_expr(profile_edition::Column::ValidatedAt, Expr::value(Option::<DateTime<Utc>>::None));
        }
        ProfileStatus::Review => {}
    }
    claim_version(&txn, update, profile_edition::Column::Version, version, format!("the {} profile of {}", e.year, e.country_code)).await?;
    record(
        &txn,
        actor,
        "profile.step",
        "profile_edition",
        Some(e.id),
        format!("The {} migration profile of {}: {} \u{2192} {}", e.year, e.country_code, e.status.as_str(), to.as_str()),
        json!({ "from": e.status.as_str(), "to": to.as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok((parse_country(&e.country_code)?, e.year, to))
}

/// Proposes the recommendations chapter of a published edition to a meeting (secretariat): each
/// top-level point of the chapter (in the edition's original language, or another when it has
/// none) becomes a recommendation draft of the meeting's plan, keeping its origin, as adopted
/// minutes do; a point already proposed from this edition to this meeting is not proposed
/// twice. Returns (state, year, meeting, drafts made).
pub async fn propose(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    form: &ProposeForm,
    now: DateTime<Utc>,
) -> ServiceResult<(CountryCode, i32, i32, usize)> {
    crate::ssr::access::require_secretariat(actor)?;
    use crate::ssr::entities::recommendation;
    let edition_id = parse_id(&form.edition_id).ok_or(ServiceError::NotFound)?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(FieldError::new("meeting_id", ErrorCode::InvalidChoice))?;
    let txn = crate::ssr::write_txn(db).await?;
    let e = profile_edition::Entity::find_by_id(edition_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if e.status != ProfileStatus::Published {
        return Err(FieldError::new("form", ErrorCode::WrongStep).into());
    }
    let m = proposable_meetings(&txn)
        .await?
        .into_iter()
        .find(|m| m.id == meeting_id)
        .ok_or(FieldError::new("meeting_id", ErrorCode::InvalidChoice))?;
    // Two proposals at once wait for each other (a no-op write on the edition's row), so a point
    // is never proposed twice.
    profile_edition::Entity::update_many()
        .col_expr(profile_edition::Column::Version, Expr::col(profile_edition::Column::Version))
        .filter(profile_edition::Column::Id.eq(e.id))
        .exec(&txn)
        .await?;
    let texts = profile_text::Entity::find()
        .filter(profile_text::Column::EditionId.eq(e.id))
        .filter(profile_text::Column::Chapter.eq(Chapter::Recommendations))
        .all(&txn)
        .await?;
    // The original's text, else English, else any (an emptied chapter keeps no text).
    let written: Vec<&profile_text::Model> = texts.iter().filter(|t| !t.body_md.trim().is_empty()).collect();
    let chosen = written.iter().find(|t| t.lang == e.source_lang).or(written.iter().find(|t| t.lang == Lang::En)).or(written.first());
    let (text, text_lang) = chosen.map(|t| (t.body_md.clone(), t.lang)).unwrap_or((String::new(), Lang::En));
    let origin = format!("{}/{}", e.country_code, e.year);
    let already: Vec<String> = recommendation::Entity::find()
        .filter(recommendation::Column::MeetingId.eq(m.id))
        .filter(recommendation::Column::OriginProfile.eq(origin.clone()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|r| r.text_md)
        .collect();
    let mut made = 0;
    for point in markdown::top_level_points(&text) {
        if already.contains(&point) {
            continue;
        }
        // The point is the draft's text (as minutes' drafts keep theirs), and also its French or
        // Portuguese text when written in one, so those readers see it as theirs.
        let html = markdown::render(&point);
        let mut am = recommendation::ActiveModel {
            meeting_id: Set(m.id),
            kind: Set(crate::domain::PassageKind::Recommendation),
            status: Set(crate::domain::PlanStatus::Draft),
            text_html: Set(html.clone()),
            text_md: Set(point.clone()),
            origin_profile: Set(Some(origin.clone())),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        match text_lang {
            Lang::Fr => {
                am.text_fr_md = Set(point);
                am.text_fr_html = Set(html);
            }
            Lang::Pt => {
                am.text_pt_md = Set(point);
                am.text_pt_html = Set(html);
            }
            Lang::En => {}
        }
        am.insert(&txn).await?;
        made += 1;
    }
    record(
        &txn,
        actor,
        "profile.propose",
        "profile_edition",
        Some(e.id),
        format!("Proposed {made} recommendation(s) of the {} profile of {} to \u{201c}{}\u{201d}", e.year, e.country_code, m.title),
        json!({ "meeting": m.id, "drafts": made }),
    )
    .await?;
    crate::features::search::service::index_meeting(&txn, m.id).await?;
    txn.commit().await?;
    Ok((parse_country(&e.country_code)?, e.year, m.id, made))
}
