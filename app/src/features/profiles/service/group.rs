//! A state's technical working group: its ministries, publication setting and members.

use super::*;

/// The group's ministries and whether its published profiles are public (focal point,
/// secretariat). Returns the state.
pub async fn save_twg(db: &DatabaseConnection, actor: &CurrentUser, form: &TwgForm) -> ServiceResult<CountryCode> {
    let country = managed(db, actor, &form.country).await?;
    let mut e = FieldErrors::new();
    let mut ministries = vec![];
    for line in form.ministries.lines().filter(|l| !l.trim().is_empty()) {
        if let Some(m) = e.take(required_text("ministries", line, 200)) {
            ministries.push(m);
        }
    }
    if ministries.len() > 40 {
        e.push("ministries", ErrorCode::OutOfRange { min: 0, max: 40 });
    }
    e.finish()?;
    let public = ticked(&form.public);
    let version: i32 = form.version.trim().parse().unwrap_or(-1);
    let txn = crate::ssr::write_txn(db).await?;
    let now = Utc::now();
    let before = twg::Entity::find_by_id(country.code()).one(&txn).await?;
    match &before {
        None if version == 0 => {
            twg::ActiveModel {
                country_code: Set(country.code().to_string()),
                ministries: Set(ministries.join("\n")),
                profiles_public: Set(public),
                version: Set(1),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(|e| on_unique_violation(e, |_| ServiceError::Conflict(format!("the working group of {country}"))))?;
        }
        Some(_) => {
            let update = twg::Entity::update_many()
                .col_expr(twg::Column::Ministries, Expr::value(ministries.join("\n")))
                .col_expr(twg::Column::ProfilesPublic, Expr::value(public))
                .col_expr(twg::Column::UpdatedAt, Expr::value(now))
                .filter(twg::Column::CountryCode.eq(country.code()));
            claim_version(&txn, update, twg::Column::Version, version, format!("the working group of {country}")).await?;
        }
        None => return Err(ServiceError::Conflict(format!("the working group of {country}"))),
    }
    record(
        &txn,
        actor,
        "profile.twg", "twg",
        None,
        format!("Saved the technical working group of {country}"),
        json!({ "country": country.code(), "ministries": ministries, "profiles_public": public, "before": before.map(|b| json!({ "ministries": b.ministries, "profiles_public": b.profiles_public })) }),
    )
    .await?;
    txn.commit().await?;
    Ok(country)
}

/// Adds a member to the group (focal point, secretariat). Returns the state.
pub async fn add_member(db: &DatabaseConnection, actor: &CurrentUser, form: &MemberForm) -> ServiceResult<CountryCode> {
    let country = managed(db, actor, &form.country).await?;
    let mut e = FieldErrors::new();
    let name = e.take(required_text("name", &form.name, 200));
    let function = e.take(optional_text("function", &form.function, 200));
    let ministry = e.take(optional_text("ministry", &form.ministry, 200));
    let account = if form.email.trim().is_empty() {
        None
    } else {
        match e.take(Email::parse("email", &form.email)) {
            Some(email) => {
                let found = app_user::Entity::find()
                    .filter(app_user::Column::Email.eq(email.as_str()))
                    .filter(app_user::Column::Active.eq(true))
                    .one(db)
                    .await?;
                if found.is_none() {
                    e.push("email", ErrorCode::UnknownAccount);
                }
                found
            }
            None => None,
        }
    };
    e.clone().finish()?;
    let (Some(name), Some(function), Some(ministry)) = (name, function, ministry) else { return Err(e.into()) };
    let chair = ticked(&form.chair);
    let txn = crate::ssr::write_txn(db).await?;
    let existing = twg_member::Entity::find().filter(twg_member::Column::CountryCode.eq(country.code())).all(&txn).await?;
    if existing.len() >= 100 {
        return Err(FieldError::new("name", ErrorCode::OutOfRange { min: 0, max: 100 }).into());
    }
    if let Some(a) = &account {
        if existing.iter().any(|m| m.user_id == Some(a.id)) {
            return Err(FieldError::new("email", ErrorCode::AlreadyMember).into());
        }
    }
    if chair {
        twg_member::Entity::update_many()
            .col_expr(twg_member::Column::IsChair, Expr::value(false))
            .filter(twg_member::Column::CountryCode.eq(country.code()))
            .exec(&txn)
            .await?;
    }
    let m = twg_member::ActiveModel {
        country_code: Set(country.code().to_string()),
        user_id: Set(account.as_ref().map(|a| a.id)),
        name: Set(name.clone()),
        function: Set(function.clone()),
        ministry: Set(ministry.clone()),
        is_chair: Set(chair),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| on_unique_violation(e, |_| FieldError::new("email", ErrorCode::AlreadyMember).into()))?;
    record(
        &txn,
        actor,
        "profile.member_add", "twg_member",
        Some(m.id),
        format!("Added {name} to the technical working group of {country}"),
        json!({ "country": country.code(), "name": name, "function": function, "ministry": ministry, "account": account.map(|a| a.email), "chair": chair }),
    )
    .await?;
    txn.commit().await?;
    Ok(country)
}

/// Removes a member (focal point, secretariat). Returns the state.
pub async fn remove_member(db: &DatabaseConnection, actor: &CurrentUser, member_id: i32) -> ServiceResult<CountryCode> {
    let txn = crate::ssr::write_txn(db).await?;
    let m = twg_member::Entity::find_by_id(member_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let country = managed(&txn, actor, &m.country_code).await?;
    twg_member::Entity::delete_by_id(m.id).exec(&txn).await?;
    record(
        &txn,
        actor,
        "profile.member_remove",
        "twg_member",
        Some(m.id),
        format!("Removed {} from the technical working group of {country}", m.name),
        json!({ "country": country.code(), "name": m.name, "function": m.function, "ministry": m.ministry }),
    )
    .await?;
    txn.commit().await?;
    Ok(country)
}

/// Links a meeting of kind technical working group to the state's group (focal point,
/// secretariat). Returns the state.
pub async fn link_meeting(db: &DatabaseConnection, actor: &CurrentUser, form: &GroupMeetingForm) -> ServiceResult<CountryCode> {
    let country = managed(db, actor, &form.country).await?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(FieldError::new("meeting_id", ErrorCode::InvalidChoice))?;
    let txn = crate::ssr::write_txn(db).await?;
    // A draft meeting is the secretariat's alone: a focal point cannot link (or learn of) it.
    let m = crate::ssr::access::find_visible(&txn, Some(actor), meeting_id)
        .await
        .map_err(|_| ServiceError::from(FieldError::new("meeting_id", ErrorCode::InvalidChoice)))?;
    if m.kind != MeetingKind::TechnicalWorkingGroup {
        return Err(FieldError::new("meeting_id", ErrorCode::InvalidChoice).into());
    }
    twg_meeting::ActiveModel { country_code: Set(country.code().to_string()), meeting_id: Set(m.id) }
        .insert(&txn)
        .await
        .map_err(|e| on_unique_violation(e, |_| ServiceError::Conflict(format!("meeting {} is already the group's", m.id))))?;
    record(
        &txn,
        actor,
        "profile.meeting_link",
        "twg_meeting",
        Some(m.id),
        format!("Linked \u{201c}{}\u{201d} to the technical working group of {country}", m.title),
        json!({ "country": country.code(), "meeting": m.id }),
    )
    .await?;
    txn.commit().await?;
    Ok(country)
}

/// Unlinks a meeting from the state's group (focal point, secretariat). Returns the state.
pub async fn unlink_meeting(db: &DatabaseConnection, actor: &CurrentUser, form: &GroupMeetingForm) -> ServiceResult<CountryCode> {
    let country = managed(db, actor, &form.country).await?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let txn = crate::ssr::write_txn(db).await?;
    let gone = twg_meeting::Entity::delete_many()
        .filter(twg_meeting::Column::CountryCode.eq(country.code()))
        .filter(twg_meeting::Column::MeetingId.eq(meeting_id))
        .exec(&txn)
        .await?
        .rows_affected;
    if gone == 0 {
        return Err(ServiceError::NotFound);
    }
    record(
        &txn,
        actor,
        "profile.meeting_unlink",
        "twg_meeting",
        Some(meeting_id),
        format!("Unlinked meeting {meeting_id} from the technical working group of {country}"),
        json!({ "country": country.code(), "meeting": meeting_id }),
    )
    .await?;
    txn.commit().await?;
    Ok(country)
}
