//! Reading: the sixteen states, a state's group and editions, an edition, the published list.

use super::*;

/// `/profiles`.
pub async fn home(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, now: DateTime<Utc>) -> ServiceResult<ProfilesHome> {
    let this_year = now.year();
    let interval = interval(db).await?;
    let editions = profile_edition::Entity::find().order_by_asc(profile_edition::Column::Year).all(db).await?;
    let groups: HashMap<String, bool> =
        twg::Entity::find().all(db).await?.into_iter().map(|g| (g.country_code, g.profiles_public)).collect();
    let members = twg_member::Entity::find().all(db).await?;
    let mut states = Vec::with_capacity(16);
    for country in CountryCode::all() {
        let code = country.code();
        let member = viewer.is_some_and(|u| members.iter().any(|m| m.country_code == code && m.user_id == Some(u.id)));
        let r = Rights::of(viewer, country, member);
        let public = groups.get(code).copied().unwrap_or(true);
        let mine = editions.iter().filter(|e| e.country_code == code);
        let published = mine.clone().filter(|e| e.status == ProfileStatus::Published).map(|e| e.year).max();
        states.push(StateRow {
            country,
            latest_published: published.filter(|_| public || r.inside()),
            in_progress: if r.inside() {
                mine.clone().find(|e| e.status != ProfileStatus::Published).map(|e| (e.year, e.status))
            } else {
                None
            },
            overdue: (public || r.inside()) && overdue(published, interval, this_year),
            members: r.inside().then(|| members.iter().filter(|m| m.country_code == code).count()),
        });
    }
    Ok(ProfilesHome {
        states,
        is_secretariat: viewer.is_some_and(CurrentUser::is_secretariat),
        my_country: my_country(db, viewer).await?,
        update_interval_years: interval,
        this_year,
    })
}

async fn twg_view(db: &impl ConnectionTrait, country: CountryCode, lang: Lang) -> ServiceResult<TwgView> {
    let group = twg::Entity::find_by_id(country.code()).one(db).await?;
    let members = twg_member::Entity::find()
        .filter(twg_member::Column::CountryCode.eq(country.code()))
        .order_by_desc(twg_member::Column::IsChair)
        .order_by_asc(twg_member::Column::Name)
        .all(db)
        .await?;
    let focal_points = focal_points_of(db, country).await?.into_iter().map(|u| u.display_name).collect();
    // The recommendations to follow up: the adopted plans with recommendations concerning the
    // state (each opens on the state's own page of the plan).
    let adopted = adopted_plan_meetings(db).await?;
    let concerned: Vec<i32> = crate::ssr::entities::recommendation::Entity::find()
        .filter(crate::ssr::entities::recommendation::Column::MeetingId.is_in(adopted))
        .all(db)
        .await?
        .into_iter()
        .filter(|r| crate::domain::States::from_db(&r.states).contains(country))
        .map(|r| r.meeting_id)
        .collect();
    let mut plans = vec![];
    for m in meeting::Entity::find().filter(meeting::Column::Id.is_in(concerned)).order_by_desc(meeting::Column::StartDate).all(db).await? {
        plans.push((m.id, crate::features::translations::service::title_in(db, &m, lang).await?));
    }
    Ok(TwgView {
        ministries: group.as_ref().map(|g| g.ministries.lines().map(str::to_string).collect()).unwrap_or_default(),
        version: group.map(|g| g.version).unwrap_or(0),
        members: members
            .into_iter()
            .map(|m| MemberView {
                id: m.id,
                name: m.name,
                function: m.function,
                ministry: m.ministry,
                is_chair: m.is_chair,
                has_account: m.user_id.is_some(),
            })
            .collect(),
        focal_points,
        plans,
    })
}

/// `/profiles/{country}`.
pub async fn state_page(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    country: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<StatePage> {
    let country = parse_country(country)?;
    let r = rights(db, viewer, country).await?;
    let public = is_public(db, country).await?;
    let interval = interval(db).await?;
    let all = profile_edition::Entity::find()
        .filter(profile_edition::Column::CountryCode.eq(country.code()))
        .order_by_desc(profile_edition::Column::Year)
        .all(db)
        .await?;
    let published = all.iter().filter(|e| e.status == ProfileStatus::Published).map(|e| e.year).max();
    let editions = all
        .iter()
        .filter(|e| r.inside() || (public && e.status == ProfileStatus::Published))
        .map(|e| EditionRow { year: e.year, status: e.status, published_at: e.published_at })
        .collect();
    // The group's meetings: those linked to it, as the meetings list shows them (drafts to the
    // secretariat only), titled in the reader's language.
    let linked: Vec<i32> = twg_meeting::Entity::find()
        .filter(twg_meeting::Column::CountryCode.eq(country.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.meeting_id)
        .collect();
    let mut q = meeting::Entity::find().filter(meeting::Column::Id.is_in(linked.clone()));
    if !r.secretariat {
        q = q.filter(meeting::Column::Status.ne(MeetingStatus::Draft));
    }
    let mut meetings = vec![];
    for m in q.order_by_desc(meeting::Column::StartDate).all(db).await? {
        meetings.push((m.id, crate::features::translations::service::title_in(db, &m, lang).await?, m.start_date));
    }
    let linkable = if r.manage() {
        let mut q = meeting::Entity::find().filter(meeting::Column::Kind.eq(MeetingKind::TechnicalWorkingGroup));
        if !r.secretariat {
            q = q.filter(meeting::Column::Status.ne(MeetingStatus::Draft));
        }
        q.order_by_desc(meeting::Column::StartDate)
            .all(db)
            .await?
            .into_iter()
            .filter(|m| !linked.contains(&m.id))
            .map(|m| (m.id, m.title))
            .collect()
    } else {
        vec![]
    };
    Ok(StatePage {
        country,
        twg: if r.inside() { Some(twg_view(db, country, lang).await?) } else { None },
        editions,
        can_manage: r.manage(),
        profiles_public: public,
        // Outsiders learn nothing of editions they may not read: neither a draft's year (through
        // the next year offered) nor, for a state whose profiles are not public, whether it is due.
        overdue: (public || r.inside()) && overdue(published, interval, now.year()),
        update_interval_years: interval,
        meetings,
        linkable,
        next_year: if r.manage() { all.first().map(|e| Ord::max(e.year + 1, now.year())).unwrap_or(now.year()) } else { 0 },
    })
}

/// An edition the reader may read, with their rights.
async fn readable(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    country: &str,
    year: i32,
) -> ServiceResult<(profile_edition::Model, Rights, CountryCode)> {
    let country = parse_country(country)?;
    let e = profile_edition::Entity::find()
        .filter(profile_edition::Column::CountryCode.eq(country.code()))
        .filter(profile_edition::Column::Year.eq(year))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let r = rights(db, viewer, country).await?;
    let may = r.inside() || (e.status == ProfileStatus::Published && is_public(db, country).await?);
    if !may {
        return Err(ServiceError::NotFound);
    }
    Ok((e, r, country))
}

/// `/profiles/{country}/{year}`, in `lang`.
pub async fn edition_page(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    country: &str,
    year: i32,
    lang: Lang,
) -> ServiceResult<EditionPage> {
    let (e, r, country) = readable(db, viewer, country, year).await?;
    let texts = profile_text::Entity::find().filter(profile_text::Column::EditionId.eq(e.id)).all(db).await?;
    let comments = if r.inside() {
        profile_comment::Entity::find()
            .filter(profile_comment::Column::EditionId.eq(e.id))
            .order_by_asc(profile_comment::Column::CreatedAt)
            .order_by_asc(profile_comment::Column::Id)
            .all(db)
            .await?
    } else {
        vec![]
    };
    let editable = r.inside() && matches!(e.status, ProfileStatus::Draft | ProfileStatus::Review);
    let chapters = Chapter::ALL
        .iter()
        .map(|&chapter| {
            let of = |l: Lang| texts.iter().find(|t| t.chapter == chapter && t.lang == l && !t.body_md.is_empty());
            let own = of(lang);
            let shown = own.or_else(|| of(e.source_lang)).or_else(|| Lang::ALL.into_iter().find_map(of));
            ChapterView {
                chapter,
                html: shown.map(|t| t.body_html.clone()).unwrap_or_default(),
                shown_in: shown.filter(|t| t.lang != lang).map(|t| t.lang),
                md: if editable { own.map(|t| t.body_md.clone()).unwrap_or_default() } else { String::new() },
                text_version: texts.iter().find(|t| t.chapter == chapter && t.lang == lang).map(|t| t.version).unwrap_or(0),
                comments: comments
                    .iter()
                    .filter(|c| c.chapter == chapter)
                    .map(|c| ProfileComment { author: c.author.clone(), html: c.body_html.clone(), created_at: c.created_at })
                    .collect(),
            }
        })
        .collect();
    let values = profile_value::Entity::find().filter(profile_value::Column::EditionId.eq(e.id)).all(db).await?;
    let values = indicator_set(db)
        .await?
        .into_iter()
        .filter_map(|i| {
            let v = values.iter().find(|v| v.indicator_id == i.id);
            // An archived indicator is shown only where the edition has a value for it, and a
            // published edition lists only the indicators that existed when it was published.
            if v.is_none() && (i.archived || e.published_at.is_some_and(|p| i.created_at > p)) {
                return None;
            }
            Some(ValueView {
                indicator_id: i.id,
                code: i.code.clone(),
                name: i.name(lang).to_string(),
                unit: i.unit.clone(),
                chapter: i.chapter,
                value: v.map(|v| format_value(v.value)),
                year: v.map(|v| v.year),
                source: v.map(|v| v.source.clone()).unwrap_or_default(),
                note: v.map(|v| v.note.clone()).unwrap_or_default(),
            })
        })
        .collect();
    let copied_from_year = match e.copied_from {
        Some(id) => profile_edition::Entity::find_by_id(id).one(db).await?.map(|p| p.year),
        None => None,
    };
    let steps = ProfileStatus::ALL.iter().copied().filter(|to| e.status.can_become(*to) && may_step(r, *to)).collect();
    // The secretariat may propose a published edition's recommendations to a meeting.
    let has_recommendations = texts.iter().any(|t| t.chapter == Chapter::Recommendations && !t.body_md.trim().is_empty());
    let (propose_to, propose_default) = if r.secretariat && e.status == ProfileStatus::Published && has_recommendations {
        let meetings = proposable_meetings(db).await?;
        let today = chrono::Utc::now().date_naive();
        let default = meetings.iter().find(|m| m.start_date >= today).or(meetings.last()).map(|m| m.id);
        (meetings.into_iter().map(|m| (m.id, m.title)).collect(), default)
    } else {
        (vec![], None)
    };
    Ok(EditionPage {
        id: e.id,
        country,
        year: e.year,
        status: e.status,
        version: e.version,
        source_lang: e.source_lang,
        copied_from_year,
        validated_by: e.validated_by_name.clone(),
        validated_at: e.validated_at,
        published_at: e.published_at,
        chapters,
        values,
        edit_lang: lang,
        can_edit: editable,
        can_comment: r.inside() && e.status == ProfileStatus::Review,
        steps,
        propose_to,
        propose_default,
    })
}

/// The published editions `viewer` may read, newest first (the API's list).
pub async fn published(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>) -> ServiceResult<Vec<(CountryCode, EditionRow)>> {
    let mut out = vec![];
    let editions = profile_edition::Entity::find()
        .filter(profile_edition::Column::Status.eq(ProfileStatus::Published))
        .order_by_desc(profile_edition::Column::Year)
        .order_by_asc(profile_edition::Column::CountryCode)
        .all(db)
        .await?;
    let mut may: HashMap<CountryCode, bool> = HashMap::new();
    for e in editions {
        let Ok(c) = CountryCode::parse("c", &e.country_code) else { continue };
        let ok = match may.get(&c) {
            Some(ok) => *ok,
            None => {
                let ok = is_public(db, c).await? || rights(db, viewer, c).await?.inside();
                may.insert(c, ok);
                ok
            }
        };
        if ok {
            out.push((c, EditionRow { year: e.year, status: e.status, published_at: e.published_at }));
        }
    }
    Ok(out)
}
