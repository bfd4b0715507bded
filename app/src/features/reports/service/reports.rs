//! Progress reports: a cycle's due reports, one report's page, saving a draft or a submission, and
//! the secretariat's review.

use super::*;

/// `/cycles/{id}`: the due reports (all for the secretariat, the own country's for a focal point).
pub async fn cycle_page(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    cycle_id: i32,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<CyclePageData> {
    let user = viewer.ok_or(ServiceError::Unauthenticated)?;
    let reporter = reporter_of(user);
    if !user.is_secretariat() && reporter.is_none() {
        return Err(ServiceError::Forbidden);
    }
    let (c, _p, m) = load_cycle(db, viewer, cycle_id).await?;
    let today = crate::domain::venue_today(&m.timezone, now);
    let recs = cycle_recommendations(db, &c, m.id).await?;
    let reports = progress_report::Entity::find()
        .filter(progress_report::Column::CycleId.eq(c.id))
        .order_by_asc(progress_report::Column::Seq)
        .all(db)
        .await?;
    // The latest version each viewer may see: drafts only for their reporter.
    let latest: HashMap<(i32, &str), &progress_report::Model> = reports
        .iter()
        .filter(|r| r.state != ReportState::Draft || reporter.is_some_and(|me| me.code() == r.reporter))
        .map(|r| ((r.recommendation_id, r.reporter.as_str()), r))
        .collect();
    // In: some version submitted or validated (a later draft or return does not undo it).
    let is_in: std::collections::HashSet<(i32, &str)> = reports
        .iter()
        .filter(|r| r.state == ReportState::Submitted || r.state == ReportState::Validated)
        .map(|r| (r.recommendation_id, r.reporter.as_str()))
        .collect();
    let mut due = Vec::new();
    let mut reported = 0;
    for r in &recs {
        for country in Reporter::all_for(&States::from_db(&r.states), &r.bodies) {
            if reporter.is_some_and(|me| me != country) {
                continue;
            }
            reported += usize::from(is_in.contains(&(r.id, country.code())));
            let last = latest.get(&(r.id, country.code())).copied();
            let state = last.map(|l| l.state);
            due.push(DueReport {
                recommendation_id: r.id,
                code: r.code.clone(),
                reporter: country.code().to_string(),
                reporter_name: country.name(lang).to_string(),
                state,
                status: last.map(|l| l.status),
                percent: last.map(|l| l.percent),
                awaiting_review: last.filter(|l| l.state == ReportState::Submitted).map(|l| l.id),
            });
        }
    }
    Ok(CyclePageData {
        meeting_id: m.id,
        meeting_title: m.title.clone(),
        cycle: cycle_summary(&c, today, recs.len()),
        is_secretariat: user.is_secretariat(),
        coverage: (reported, due.len()),
        due,
        reporter: reporter.map(|r| r.code().to_string()),
    })
}

/// `/cycles/{id}/reports/{recommendation}/{reporter}`: the form (for the reporter) and the history.
pub async fn report_page(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    cycle_id: i32,
    recommendation_id: i32,
    reporter: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<ReportPageData> {
    let user = viewer.ok_or(ServiceError::Unauthenticated)?;
    let own = reporter_of(user);
    let reporter = Reporter::parse(reporter).ok_or(ServiceError::NotFound)?;
    if !user.is_secretariat() && own != Some(reporter) {
        return Err(ServiceError::Forbidden);
    }
    let (c, _p, m) = load_cycle(db, viewer, cycle_id).await?;
    let today = crate::domain::venue_today(&m.timezone, now);
    let recs = cycle_recommendations(db, &c, m.id).await?;
    let r = recs.iter().find(|r| r.id == recommendation_id).ok_or(ServiceError::NotFound)?;
    let country = reporter;
    if !reporter.is_responsible(&States::from_db(&r.states), &r.bodies) {
        return Err(ServiceError::NotFound);
    }
    let versions = progress_report::Entity::find()
        .filter(progress_report::Column::CycleId.eq(c.id))
        .filter(progress_report::Column::RecommendationId.eq(r.id))
        .filter(progress_report::Column::Reporter.eq(reporter.code()))
        .order_by_desc(progress_report::Column::Seq)
        .all(db)
        .await?;
    let draft = versions.iter().find(|v| v.state == ReportState::Draft);
    let awaiting = versions.iter().any(|v| v.state == ReportState::Submitted);
    let themes = themes(db, lang).await?;
    let files = files_of(db, versions.iter().map(|v| v.id).collect()).await?;
    Ok(ReportPageData {
        meeting_id: m.id,
        meeting_title: m.title.clone(),
        cycle: cycle_summary(&c, today, recs.len()),
        recommendation: view_of(r, &themes, lang, vec![]),
        reporter: reporter.code().to_string(),
        reporter_name: country.name(lang).to_string(),
        can_edit: own == Some(reporter) && is_open(&c, today) && !awaiting,
        has_draft: own == Some(reporter) && draft.is_some(),
        is_secretariat: user.is_secretariat(),
        // The reporter's form starts from the draft, or else from the latest submitted version
        // (Markdown sources); the secretariat never sees drafts.
        draft: draft.or_else(|| versions.first()).filter(|_| own == Some(reporter)).map(|d| {
            let mut v = version_of(d, &files);
            v.narrative_html = d.narrative_md.clone();
            v.next_steps_html = d.next_steps_md.clone();
            if d.state != ReportState::Draft {
                v.files.clear();
            }
            v
        }),
        history: versions.iter().filter(|v| v.state != ReportState::Draft).map(|v| version_of(v, &files)).collect(),
    })
}

/// Saves a focal point's draft, or submits it (`form.submit`). Own country only, cycle open,
/// country responsible, and not while a submitted version awaits review.
pub async fn save_report(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    form: &ReportForm,
    now: DateTime<Utc>,
) -> ServiceResult<(i32, ReportState)> {
    let reporter = reporter_of(actor).ok_or(ServiceError::Forbidden)?;
    let cycle_id = parse_id(&form.cycle_id).ok_or(ServiceError::NotFound)?;
    let rec_id = parse_id(&form.recommendation_id).ok_or(ServiceError::NotFound)?;
    let mut e = FieldErrors::new();
    let status = e.take(ReportStatus::parse("status", &form.status));
    let percent = e.take(crate::domain::plan::parse_percent("percent", &form.percent));
    if let (Some(s), Some(p)) = (status, percent) {
        if let Err(err) = s.check_percent("percent", p) {
            e.push(err.field, err.code);
        }
    }
    let submit = form.submit.is_some();
    // A draft may be incomplete; a submitted report says what was done.
    let narrative = e.take(Markdown::parse("narrative", &form.narrative).and_then(|m| {
        if submit && m.as_str().is_empty() {
            Err(FieldError::new("narrative", ErrorCode::Required))
        } else {
            Ok(m.as_str().to_string())
        }
    }));
    let evidence = e.take(parse_evidence("evidence", &form.evidence));
    let next_steps = e.take(optional_text("next_steps", &form.next_steps, Markdown::MAX));
    let txn = crate::ssr::write_txn(db).await?;
    let (c, _p, m) = load_cycle(&txn, Some(actor), cycle_id).await?;
    let today = crate::domain::venue_today(&m.timezone, now);
    let recs = cycle_recommendations(&txn, &c, m.id).await?;
    let r = recs.iter().find(|r| r.id == rec_id).ok_or(ServiceError::NotFound)?;
    if !reporter.is_responsible(&States::from_db(&r.states), &r.bodies) {
        return Err(FieldError::new("form", ErrorCode::NotResponsible).into());
    }
    let reporter = reporter.code().to_string();
    if !is_open(&c, today) {
        return Err(FieldError::new("form", ErrorCode::CycleClosed).into());
    }
    e.finish()?;
    let (Some(status), Some(percent), Some(narrative), Some(evidence), Some(next_steps)) =
        (status, percent, narrative, evidence, next_steps)
    else {
        return Err(ServiceError::Internal("report form".into()));
    };
    let versions = progress_report::Entity::find()
        .filter(progress_report::Column::CycleId.eq(c.id))
        .filter(progress_report::Column::RecommendationId.eq(r.id))
        .filter(progress_report::Column::Reporter.eq(reporter.as_str()))
        .all(&txn)
        .await?;
    // A new version starts with the previous version's evidence files.
    let previous = versions.iter().filter(|v| v.state != ReportState::Draft).max_by_key(|v| v.seq).map(|v| v.id);
    if versions.iter().any(|v| v.state == ReportState::Submitted) {
        return Err(FieldError::new("form", ErrorCode::WrongStep).into());
    }
    let state = if submit { ReportState::Submitted } else { ReportState::Draft };
    let next_seq = versions.iter().map(|v| v.seq).max().unwrap_or(0) + 1;
    let draft = versions.into_iter().find(|v| v.state == ReportState::Draft);
    let new_row = draft.is_none();
    let mut am = match draft {
        Some(d) => d.into(),
        None => progress_report::ActiveModel {
            cycle_id: Set(c.id),
            recommendation_id: Set(r.id),
            reporter: Set(reporter.clone()),
            seq: Set(next_seq),
            reviewer: Set(String::new()),
            reviewed_at: Set(None),
            review_comment: Set(String::new()),
            ..Default::default()
        },
    };
    am.state = Set(state);
    am.status = Set(status);
    am.percent = Set(percent);
    am.narrative_html = Set(if narrative.is_empty() { String::new() } else { markdown::render(&narrative) });
    am.narrative_md = Set(narrative);
    am.evidence = Set(evidence.join("\n"));
    am.next_steps_html = Set(if next_steps.is_empty() { String::new() } else { markdown::render(&next_steps) });
    am.next_steps_md = Set(next_steps);
    am.author_id = Set(Some(actor.id));
    am.author = Set(actor.display_name.clone());
    am.updated_at = Set(now);
    am.submitted_at = Set(submit.then_some(now));
    let saved = am.save(&txn).await.map_err(concurrent_write)?;
    let id = match saved.id {
        sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => id,
        sea_orm::ActiveValue::NotSet => return Err(ServiceError::Internal("report id".into())),
    };
    if new_row {
        if let Some(prev) = previous {
            super::super::evidence::carry_forward(&txn, prev, id).await?;
        }
    }
    if submit {
        set_cell(&txn, c.id, r.id, &reporter, CellChange::Submitted).await?;
        audit::record(
            &txn,
            Some(actor),
            Entry {
                action: "report.submit",
                entity: "progress_report",
                entity_id: Some(id),
                summary: format!("{reporter} submitted a progress report on {} ({}, {percent}%)", r.code, status.as_str()),
                detail: json!({ "cycle_id": c.id, "recommendation_id": r.id, "reporter": reporter }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok((id, state))
}

/// Validates a submitted report, or returns it with a comment (secretariat). Returns the page
/// to go back to: (cycle, recommendation, reporter).
pub async fn review(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    form: &ReviewForm,
    now: DateTime<Utc>,
) -> ServiceResult<(i32, i32, String)> {
    secretariat_only(actor)?;
    let id = parse_id(&form.report_id).ok_or(ServiceError::NotFound)?;
    let decision = match form.decision.as_str() {
        "validate" => ReportState::Validated,
        "return" => ReportState::Returned,
        _ => return Err(FieldError::new("decision", ErrorCode::InvalidChoice).into()),
    };
    let comment = if decision == ReportState::Returned {
        required_text("comment", &form.comment, 4000)?
    } else {
        optional_text("comment", &form.comment, 4000)?
    };
    let txn = crate::ssr::write_txn(db).await?;
    let r = progress_report::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    load_cycle(&txn, Some(actor), r.cycle_id).await?;
    if r.state != ReportState::Submitted {
        return Err(FieldError::new("form", ErrorCode::WrongStep).into());
    }
    // Guarded: of two reviewers at once, one finds the report no longer submitted.
    let done = progress_report::Entity::update_many()
        .col_expr(progress_report::Column::State, Expr::value(decision))
        .col_expr(progress_report::Column::Reviewer, Expr::value(actor.display_name.clone()))
        .col_expr(progress_report::Column::ReviewedAt, Expr::value(now))
        .col_expr(progress_report::Column::ReviewComment, Expr::value(comment.clone()))
        .filter(progress_report::Column::Id.eq(id))
        .filter(progress_report::Column::State.eq(ReportState::Submitted))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !done {
        return Err(ServiceError::Conflict(format!("report {id} was reviewed by someone else")));
    }
    let change = if decision == ReportState::Validated { CellChange::Validated(r.seq, r.status, r.percent) } else { CellChange::Returned };
    set_cell(&txn, r.cycle_id, r.recommendation_id, &r.reporter, change).await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: if decision == ReportState::Validated { "report.validate" } else { "report.return" },
            entity: "progress_report",
            entity_id: Some(id),
            summary: format!(
                "{} the progress report of {} (version {})",
                if decision == ReportState::Validated { "Validated" } else { "Returned" },
                r.reporter,
                r.seq
            ),
            detail: json!({ "comment": comment }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok((r.cycle_id, r.recommendation_id, r.reporter))
}

/// What happened to a report that its matrix cell follows.
#[derive(Clone, Copy, Debug)]
pub(crate) enum CellChange {
    /// A version was submitted: the cell is in.
    Submitted,
    /// The submitted version was validated: it is the cell's latest validated version.
    Validated(i32, ReportStatus, i32),
    /// The submitted version was returned: the cell stays in only if a version was validated.
    Returned,
}

/// Keeps the matrix cell (`report_cell`) of (cycle, recommendation, reporter) in step with a
/// submission or review, in the caller's transaction.
pub(crate) async fn set_cell(
    db: &impl ConnectionTrait,
    cycle_id: i32,
    recommendation_id: i32,
    reporter: &str,
    change: CellChange,
) -> ServiceResult<()> {
    use crate::ssr::entities::report_cell;
    use sea_orm::sea_query::OnConflict;
    let key = [report_cell::Column::CycleId, report_cell::Column::RecommendationId, report_cell::Column::Reporter];
    let row = |reported: bool, seq: Option<i32>, status: Option<ReportStatus>, percent: Option<i32>| report_cell::ActiveModel {
        cycle_id: Set(cycle_id),
        recommendation_id: Set(recommendation_id),
        reporter: Set(reporter.to_string()),
        reported: Set(reported),
        seq: Set(seq),
        status: Set(status),
        percent: Set(percent),
    };
    match change {
        CellChange::Submitted => {
            report_cell::Entity::insert(row(true, None, None, None))
                .on_conflict(OnConflict::columns(key).update_column(report_cell::Column::Reported).to_owned())
                .exec_without_returning(db)
                .await?;
        }
        CellChange::Validated(seq, status, percent) => {
            report_cell::Entity::insert(row(true, Some(seq), Some(status), Some(percent)))
                .on_conflict(
                    OnConflict::columns(key)
                        .update_columns([
                            report_cell::Column::Reported,
                            report_cell::Column::Seq,
                            report_cell::Column::Status,
                            report_cell::Column::Percent,
                        ])
                        .to_owned(),
                )
                .exec_without_returning(db)
                .await?;
        }
        CellChange::Returned => {
            report_cell::Entity::update_many()
                .col_expr(report_cell::Column::Reported, sea_orm::sea_query::ExprTrait::is_not_null(Expr::col(report_cell::Column::Seq)))
                .filter(report_cell::Column::CycleId.eq(cycle_id))
                .filter(report_cell::Column::RecommendationId.eq(recommendation_id))
                .filter(report_cell::Column::Reporter.eq(reporter))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}
