//! The secretariat's settings (the indicator set, the update interval) and the update reminders.

use super::*;

/// Adds (empty id) or changes an indicator of the set (secretariat).
pub async fn save_indicator(db: &DatabaseConnection, actor: &CurrentUser, form: &IndicatorForm) -> ServiceResult<i32> {
    crate::ssr::access::require_secretariat(actor)?;
    let mut e = FieldErrors::new();
    let code = e.take(parse_indicator_code("code", &form.code));
    let name_en = e.take(required_text("name_en", &form.name_en, 200));
    let name_fr = e.take(optional_text("name_fr", &form.name_fr, 200));
    let name_pt = e.take(optional_text("name_pt", &form.name_pt, 200));
    let unit = e.take(optional_text("unit", &form.unit, 40));
    let chapter = e.take(Chapter::parse("chapter", &form.chapter));
    let position = if form.position.trim().is_empty() {
        Some(None)
    } else {
        match form.position.trim().parse::<i32>() {
            Ok(p) if (0..=10_000).contains(&p) => Some(Some(p)),
            _ => {
                e.push("position", ErrorCode::OutOfRange { min: 0, max: 10_000 });
                None
            }
        }
    };
    e.clone().finish()?;
    let (Some(code), Some(name_en), Some(name_fr), Some(name_pt), Some(unit), Some(chapter), Some(position)) =
        (code, name_en, name_fr, name_pt, unit, chapter, position)
    else {
        return Err(e.into());
    };
    let archived = ticked(&form.archived);
    let txn = crate::ssr::write_txn(db).await?;
    let duplicate = |_: &str| ServiceError::from(FieldError::new("code", ErrorCode::IndicatorCodeTaken));
    let detail = json!({ "code": code, "name_en": name_en, "name_fr": name_fr, "name_pt": name_pt, "unit": unit, "chapter": chapter.as_str(), "archived": archived });
    let id = if form.id.trim().is_empty() {
        let last = profile_indicator::Entity::find()
            .order_by_desc(profile_indicator::Column::Position)
            .one(&txn)
            .await?
            .map(|i| i.position)
            .unwrap_or(0);
        profile_indicator::ActiveModel {
            code: Set(code.clone()),
            name_en: Set(name_en),
            name_fr: Set(name_fr),
            name_pt: Set(name_pt),
            unit: Set(unit),
            chapter: Set(chapter),
            position: Set(position.unwrap_or(last + 10)),
            archived: Set(archived),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|err| on_unique_violation(err, duplicate))?
        .id
    } else {
        let id = parse_id(&form.id).ok_or(ServiceError::NotFound)?;
        let before = profile_indicator::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
        // Values already given keep their meaning: a unit or chapter changed under them would
        // relabel published editions.
        if before.unit != unit || before.chapter != chapter || before.code != code {
            let used = profile_value::Entity::find().filter(profile_value::Column::IndicatorId.eq(id)).one(&txn).await?.is_some();
            // Recommendations tie their indicators to it by its code.
            let tied = before.code != code
                && crate::ssr::entities::recommendation::Entity::find()
                    .filter(crate::ssr::entities::recommendation::Column::Indicators.contains(format!("\"profile\":\"{}\"", before.code)))
                    .one(&txn)
                    .await?
                    .is_some();
            if used || tied {
                let field = if before.code != code {
                    "code"
                } else if before.unit != unit {
                    "unit"
                } else {
                    "chapter"
                };
                return Err(FieldError::new(field, ErrorCode::IndicatorInUse).into());
            }
        }
        let mut am: profile_indicator::ActiveModel = before.into();
        am.code = Set(code.clone());
        am.name_en = Set(name_en);
        am.name_fr = Set(name_fr);
        am.name_pt = Set(name_pt);
        am.unit = Set(unit);
        am.chapter = Set(chapter);
        if let Some(p) = position {
            am.position = Set(p);
        }
        am.archived = Set(archived);
        am.update(&txn).await.map_err(|err| on_unique_violation(err, duplicate))?;
        id
    };
    record(&txn, actor, "profile.indicator", "profile_indicator", Some(id), format!("Saved the profile indicator {code}"), detail).await?;
    txn.commit().await?;
    Ok(id)
}

/// The update interval in years (secretariat).
pub async fn save_interval(db: &DatabaseConnection, actor: &CurrentUser, raw: &str) -> ServiceResult<i32> {
    crate::ssr::access::require_secretariat(actor)?;
    let years = match raw.trim().parse::<i32>() {
        Ok(y) if (1..=10).contains(&y) => y,
        _ => return Err(FieldError::new("years", ErrorCode::OutOfRange { min: 1, max: 10 }).into()),
    };
    let txn = crate::ssr::write_txn(db).await?;
    let before = interval(&txn).await?;
    profile_settings::Entity::update_many()
        .col_expr(profile_settings::Column::UpdateIntervalYears, Expr::value(years))
        .col_expr(profile_settings::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(profile_settings::Column::Id.eq(1))
        .exec(&txn)
        .await?;
    record(
        &txn,
        actor,
        "profile.settings",
        "profile_settings",
        None,
        format!("Profiles are due every {years} years"),
        json!({ "update_interval_years": [before, years] }),
    )
    .await?;
    txn.commit().await?;
    Ok(years)
}

/// Reminds the focal points of each state whose profile is due (no published edition, or the
/// latest is as old as the update interval): once per state and due year, in their language.
pub async fn queue_reminders(db: &DatabaseConnection, now: DateTime<Utc>, public_url: &str) -> ServiceResult<usize> {
    let this_year = now.year();
    let interval = interval(db).await?;
    let editions = profile_edition::Entity::find().filter(profile_edition::Column::Status.eq(ProfileStatus::Published)).all(db).await?;
    let mut queued = 0;
    for country in CountryCode::all() {
        let latest = editions.iter().filter(|e| e.country_code == country.code()).map(|e| e.year).max();
        if !overdue(latest, interval, this_year) {
            continue;
        }
        let due_year = latest.map(|y| y + interval).unwrap_or(this_year);
        let focal_points = focal_points_of(db, country).await?;
        // Nobody to remind yet: not marked as reminded, so a focal point named later is.
        if focal_points.is_empty() {
            continue;
        }
        let txn = crate::ssr::private_write_txn(db).await?;
        let claimed =
            profile_reminder::ActiveModel { country_code: Set(country.code().to_string()), due_year: Set(due_year), sent_at: Set(now) }
                .insert(&txn)
                .await;
        match claimed {
            Ok(_) => {}
            Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => continue,
            Err(e) => return Err(e.into()),
        }
        for fp in focal_points {
            let message = outbox::OutboxMessage::ProfileDue {
                name: fp.display_name.clone(),
                country: country.name(fp.locale).to_string(),
                latest: latest.map(|y| y.to_string()).unwrap_or_default(),
                interval,
                link: format!("{public_url}/profiles/{}", country.code()),
            };
            outbox::enqueue(&txn, &fp.email, fp.locale, &message).await?;
            queued += 1;
        }
        txn.commit().await?;
    }
    Ok(queued)
}
