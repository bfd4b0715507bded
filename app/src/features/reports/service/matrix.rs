//! The regional picture: the matrix of member states × recommendations, the figures over cycles
//! (with their cache) and the exports of the matrix and of a cycle's reports.

use super::*;

/// Whether the viewer sees narratives (and evidence): insiders always, the public when published.
pub(crate) fn sees_narratives(p: &plan::Model, viewer: Option<&CurrentUser>) -> bool {
    viewer.is_some_and(|u| u.is_secretariat() || u.role == Role::FocalPoint) || p.public_narratives
}

/// Whether the viewer sees the follow-up statuses of a plan.
pub(super) fn sees_statuses(p: &plan::Model, viewer: Option<&CurrentUser>) -> bool {
    match viewer {
        Some(u) if u.is_secretariat() || u.role == Role::FocalPoint => true,
        _ => p.public_status,
    }
}

/// The dashboard: member states × recommendations of the chosen cycle (default the latest),
/// each cell the latest validated report.
pub async fn matrix(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    query: MatrixQuery,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<MatrixData> {
    matrix_with(db, None, viewer, meeting_id, query, lang, now).await
}

/// [`matrix`], reusing the matrix computed for the same meeting, filters, language, access to
/// statuses and day while nothing was written since (`memo`, keyed by the cache epoch). Takes a
/// pool connection: the memo is never read or filled inside a transaction.
pub async fn matrix_memo(
    db: &sea_orm::DatabaseConnection,
    memo: &crate::ssr::memo::Memo,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    query: MatrixQuery,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<MatrixData> {
    matrix_with(db, Some(memo), viewer, meeting_id, query, lang, now).await
}

async fn matrix_with(
    db: &impl ConnectionTrait,
    memo: Option<&crate::ssr::memo::Memo>,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    query: MatrixQuery,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<MatrixData> {
    // The epoch first: everything read after it (the meeting's title too) is at least as new as
    // it. Who may see what is decided for every request; only what it then reads is reused.
    let memo = match memo {
        Some(memo) => Some((memo, crate::ssr::cache_epoch(db).await?)),
        None => None,
    };
    let m = find_visible(db, viewer, meeting_id).await?;
    let p = find_plan(db, meeting_id).await?.ok_or(ServiceError::NotFound)?;
    if p.status != PlanStatus::Adopted && !viewer.is_some_and(CurrentUser::is_secretariat) {
        return Err(ServiceError::NotFound);
    }
    let today = crate::domain::venue_today(&m.timezone, now);
    let visible = sees_statuses(&p, viewer);
    let key = format!("matrix {meeting_id} {query:?} {lang:?} {visible} {today}");
    match memo {
        Some((memo, epoch)) => {
            let made = memo.get_or_make(&key, epoch, || matrix_made(db, &m, &p, query, lang, today, visible)).await?;
            Ok((*made).clone())
        }
        None => matrix_made(db, &m, &p, query, lang, today, visible).await,
    }
}

/// The matrix read from the database (access decided by the caller).
async fn matrix_made(
    db: &impl ConnectionTrait,
    m: &meeting::Model,
    p: &plan::Model,
    query: MatrixQuery,
    lang: Lang,
    today: chrono::NaiveDate,
    visible: bool,
) -> ServiceResult<MatrixData> {
    let meeting_id = m.id;
    let themes = themes(db, lang).await?;
    // Filters come from a form of choices, but also from hand-written links: a theme or level
    // that does not exist is refused on its field rather than answered with an empty matrix
    // (and never becomes a key of the figures' cache).
    let mut errors = FieldErrors::new();
    if !query.theme.is_empty() && !themes.iter().any(|t| t.code == query.theme) {
        errors.push("theme", ErrorCode::InvalidChoice);
    }
    let level = if query.level.is_empty() { None } else { errors.take(Level::parse("level", &query.level)) };
    errors.finish()?;
    let cycles = reporting_cycle::Entity::find()
        .filter(reporting_cycle::Column::PlanId.eq(p.id))
        .order_by_desc(reporting_cycle::Column::OpensOn)
        .order_by_desc(reporting_cycle::Column::Id)
        .all(db)
        .await?;
    let sizes = crate::features::plan::service::cycle_sizes(db, &cycles.iter().map(|c| c.id).collect::<Vec<_>>()).await?;
    // The columns: the sixteen member states, then (below) the regional bodies that the
    // cycle's recommendations name.
    let mut states: Vec<Reporter> = CountryCode::all().map(Reporter::State).collect();
    let mut data = MatrixData {
        meeting_id,
        meeting_title: m.title.clone(),
        cycles: cycles.iter().map(|c| cycle_summary(c, today, sizes.get(&c.id).copied().unwrap_or(0))).collect(),
        themes: themes.clone(),
        query: query.clone(),
        states: states.iter().map(|c| c.code().to_string()).collect(),
        rows: vec![],
        countries: vec![],
        by_status: vec![0; ReportStatus::ALL.len() + 1],
        by_theme: vec![],
        visible,
        over_cycles: vec![],
    };
    let chosen = match query.cycle {
        Some(id) => Some(cycles.iter().find(|c| c.id == id).ok_or(ServiceError::NotFound)?),
        None => cycles.first(),
    };
    data.query.cycle = chosen.map(|c| c.id);
    let (Some(cycle), true) = (chosen, data.visible) else { return Ok(data) };
    let recs: Vec<recommendation::Model> = cycle_recommendations(db, cycle, meeting_id)
        .await?
        .into_iter()
        .filter(|r| query.theme.is_empty() || r.theme == query.theme)
        .filter(|r| level.is_none_or(|l| r.level == l))
        .collect();
    states.extend(
        REGIONAL_BODIES
            .iter()
            .filter(|(b, _)| recs.iter().any(|r| r.bodies.split(',').any(|x| x.trim() == *b)))
            .map(|(b, _)| Reporter::Body(b)),
    );
    data.states = states.iter().map(|c| c.code().to_string()).collect();
    // Per (recommendation, reporter): the latest validated version, and whether some version is
    // in (submitted or validated) — one kept row per cell (`report_cell`), not every version.
    let cells = reporter_cells(db, cycle.id).await?;
    let status_index = |s: ReportStatus| ReportStatus::ALL.iter().position(|x| *x == s).unwrap_or(0);
    let mut col: Vec<(usize, usize, usize, i64, usize)> = vec![(0, 0, 0, 0, 0); states.len()];
    let mut by_theme: Vec<(String, Vec<usize>)> = themes.iter().map(|t| (t.name.clone(), vec![0; ReportStatus::ALL.len() + 1])).collect();
    for r in &recs {
        let responsible = States::from_db(&r.states);
        let theme_i = themes.iter().position(|t| t.code == r.theme);
        let mut row = Vec::with_capacity(states.len());
        let (mut due_n, mut rep_n, mut ach_n, mut sum, mut counted) = (0, 0, 0, 0i64, 0);
        for (i, c) in states.iter().enumerate() {
            let due = c.is_responsible(&responsible, &r.bodies);
            let (was_reported, v) = cells.get(&(r.id, *c)).copied().unwrap_or((false, None));
            let v = v.as_ref();
            if due {
                due_n += 1;
                col[i].0 += 1;
                let slot = match v {
                    Some((s, pct)) => {
                        // "Not applicable" says nothing of progress: out of the averages.
                        if *s != ReportStatus::NotApplicable {
                            counted += 1;
                            sum += *pct as i64;
                            col[i].3 += *pct as i64;
                            col[i].4 += 1;
                        }
                        if *s == ReportStatus::Achieved {
                            ach_n += 1;
                            col[i].2 += 1;
                        }
                        status_index(*s)
                    }
                    None => ReportStatus::ALL.len(),
                };
                data.by_status[slot] += 1;
                if let Some(ti) = theme_i {
                    by_theme[ti].1[slot] += 1;
                }
                if was_reported {
                    rep_n += 1;
                    col[i].1 += 1;
                }
            }
            row.push(MatrixCell { due, status: v.filter(|_| due).map(|x| x.0), percent: v.filter(|_| due).map(|x| x.1) });
        }
        data.rows.push(MatrixRow {
            recommendation_id: r.id,
            code: r.code.clone(),
            theme: r.theme.clone(),
            level: r.level,
            cells: row,
            total: (rep_n, due_n, ach_n, (counted > 0).then(|| (sum / counted as i64) as i32)),
        });
    }
    data.countries = states
        .iter()
        .zip(col)
        .map(|(c, (due, reported, achieved, sum, n))| CountryTotal {
            code: c.code().to_string(),
            name: match c {
                Reporter::State(s) => country_name(s.code(), lang),
                Reporter::Body(_) => c.name(lang).to_string(),
            },
            due,
            reported,
            achieved,
            average: (n > 0).then(|| (sum / n as i64) as i32),
        })
        .collect();
    data.by_theme = by_theme.into_iter().filter(|(_, v)| v.iter().any(|n| *n > 0)).collect();
    data.over_cycles = over_cycles(db, &cycles, &query, level).await?;
    Ok(data)
}

/// A cycle's cells: (recommendation, member state or regional body) → (whether some version is
/// submitted or validated, the latest validated version's status and percent). The database
/// joins each recommendation's cells into one row (sixteen cells a row and its bodies'):
/// reading the 3,200 cells of a 200-recommendation cycle one row each cost more than
/// everything else the dashboard does (every row is copied value by value on its way from the
/// driver).
pub(super) async fn reporter_cells(
    db: &impl ConnectionTrait,
    cycle_id: i32,
) -> ServiceResult<HashMap<(i32, Reporter), (bool, Option<(ReportStatus, i32)>)>> {
    let backend = db.get_database_backend();
    let (cells, codes) = (joined_cells(backend), reporter_codes());
    let sql = format!(
        "SELECT recommendation_id, {cells} FROM report_cell WHERE cycle_id = {cycle_id} AND reporter IN ({codes}) \
         GROUP BY recommendation_id"
    );
    let mut out = HashMap::new();
    for row in db.query_all_raw(sea_orm::Statement::from_string(backend, sql)).await? {
        let recommendation: i32 = row.try_get_by_index(0)?;
        let joined: String = row.try_get_by_index(1)?;
        for (reporter, reported, validated) in split_cells(&joined) {
            out.insert((recommendation, reporter), (reported, validated));
        }
    }
    Ok(out)
}

/// The SQL of a group's `report_cell` rows joined into one text, for [`split_cells`]: each
/// cell `reporter:reported:status:percent` (`reported` 1 or 0; status and percent empty unless
/// a version is validated), cells separated by `;`.
fn joined_cells(backend: sea_orm::DatabaseBackend) -> String {
    let join = match backend {
        sea_orm::DatabaseBackend::Postgres => "string_agg",
        _ => "group_concat",
    };
    format!(
        "{join}(reporter || ':' || CASE WHEN reported THEN '1' ELSE '0' END || ':' || \
         CASE WHEN seq IS NULL OR status IS NULL OR percent IS NULL THEN '' ELSE status || ':' || CAST(percent AS TEXT) END, ';')"
    )
}

/// The cells of a text made by [`joined_cells`]: (reporter, whether some version is in, the
/// latest validated version's status and percent).
fn split_cells(joined: &str) -> impl Iterator<Item = (Reporter, bool, Option<(ReportStatus, i32)>)> + '_ {
    joined.split(';').filter_map(|cell| {
        let mut f = cell.split(':');
        let (Some(Some(reporter)), Some(reported)) = (f.next().map(Reporter::parse), f.next()) else { return None };
        let validated = match (f.next().map(|s| ReportStatus::parse("status", s)), f.next().map(str::parse::<i32>)) {
            (Some(Ok(status)), Some(Ok(percent))) => Some((status, percent)),
            _ => None,
        };
        Some((reporter, reported == "1", validated))
    })
}

/// Every reporter's code as an SQL list: only integers and these codes (the member states' and
/// the regional bodies', capital letters from constants) are put in the cells' statements, so
/// they need no parameters and ':' and ';' never occur inside a joined field.
fn reporter_codes() -> String {
    CountryCode::all()
        .map(|c| c.code())
        .chain(REGIONAL_BODIES.iter().map(|(b, _)| *b))
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Per cycle (oldest first): the average percent and count of the latest validated reports of
/// the responsible member states and regional bodies on the recommendations of the cycle that
/// pass the filters.
pub(super) async fn over_cycles(
    db: &impl ConnectionTrait,
    cycles: &[reporting_cycle::Model],
    query: &MatrixQuery,
    level: Option<Level>,
) -> ServiceResult<Vec<(String, Option<i32>, usize, usize)>> {
    if cycles.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<i32> = cycles.iter().map(|c| c.id).collect();
    let m = plan::Entity::find_by_id(cycles[0].plan_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    // Reading every cell of every cycle is the dashboard's largest cost; the figures are
    // reused for as long as nothing they depend on changed (see `OverCyclesKey`).
    let key = OverCyclesKey {
        meeting_id: m.meeting_id,
        theme: query.theme.clone(),
        level: level.map(|l| l.as_str().to_string()),
        cycles: ids.clone(),
        data: over_cycles_fingerprint(db, m.meeting_id, &ids).await?,
    };
    let cached = OVER_CYCLES.lock().ok().and_then(|c| c.get(&key).cloned());
    let per_cycle = match cached {
        Some(per_cycle) => per_cycle,
        None => {
            let per_cycle = over_cycles_figures(db, m.meeting_id, ids, query, level).await?;
            if let Ok(mut c) = OVER_CYCLES.lock() {
                if c.len() >= 256 {
                    c.clear();
                }
                c.insert(key, per_cycle.clone());
            }
            per_cycle
        }
    };
    Ok(cycles
        .iter()
        .rev()
        .map(|c| {
            let (sum, n, achieved) = per_cycle.get(&c.id).copied().unwrap_or((0, 0, 0));
            (c.title.clone(), (n > 0).then(|| (sum / n as i64) as i32), n, achieved)
        })
        .collect())
}

/// What the progress-over-cycles figures of a plan depend on. A validated report version is
/// never changed or removed (database triggers refuse it); versions only become validated, so
/// their count grows with every validation, and the highest id with every new version;
/// recommendations change their version on every edit or amendment; a cycle's
/// recommendations are counted. (A database restored under a running server could repeat an
/// earlier fingerprint: restores are made with the server stopped.)
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct OverCyclesKey {
    meeting_id: i32,
    theme: String,
    level: Option<String>,
    cycles: Vec<i32>,
    data: (i64, i64, i64, i64, i64, String),
}

pub(super) type PerCycle = HashMap<i32, (i64, usize, usize)>;

/// Figures computed per key, shared by the requests of this server process (each instance has
/// its own; the key comes from the database, so instances never serve each other stale data).
pub(super) static OVER_CYCLES: std::sync::LazyLock<std::sync::Mutex<HashMap<OverCyclesKey, PerCycle>>> =
    std::sync::LazyLock::new(Default::default);

pub(super) async fn over_cycles_fingerprint(
    db: &impl ConnectionTrait,
    meeting_id: i32,
    cycles: &[i32],
) -> ServiceResult<(i64, i64, i64, i64, i64, String)> {
    // Only integers are put in the statement (ids from the database), so it needs no parameters.
    let list = cycles.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM progress_report WHERE cycle_id IN ({list}) AND state = 'validated'), \
         (SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM progress_report WHERE cycle_id IN ({list}) AND state = 'validated'), \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM recommendation WHERE meeting_id = {meeting_id}), \
         (SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM recommendation WHERE meeting_id = {meeting_id}), \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM cycle_recommendation WHERE cycle_id IN ({list})), \
         (SELECT CAST(MAX(updated_at) AS TEXT) FROM recommendation WHERE meeting_id = {meeting_id})"
    );
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql))
        .await?
        .ok_or_else(|| ServiceError::Internal("no fingerprint".into()))?;
    Ok((
        row.try_get_by_index(0)?,
        row.try_get_by_index(1)?,
        row.try_get_by_index(2)?,
        row.try_get_by_index(3)?,
        row.try_get_by_index(4)?,
        row.try_get_by_index::<Option<String>>(5)?.unwrap_or_default(),
    ))
}

/// Per cycle: the sum of percentages, the number of latest validated reports of the responsible
/// reporters and how many say achieved, on the cycle's recommendations that pass the filters.
pub(super) async fn over_cycles_figures(
    db: &impl ConnectionTrait,
    meeting_id: i32,
    ids: Vec<i32>,
    query: &MatrixQuery,
    level: Option<Level>,
) -> ServiceResult<PerCycle> {
    if ids.is_empty() {
        return Ok(PerCycle::new());
    }
    let recs: HashMap<i32, recommendation::Model> = recommendations_of(db, meeting_id)
        .await?
        .into_iter()
        .filter(|r| query.theme.is_empty() || r.theme == query.theme)
        .filter(|r| level.is_none_or(|l| r.level == l))
        .map(|r| (r.id, r))
        .collect();
    let responsible: HashMap<i32, (States, &str)> =
        recs.iter().map(|(id, r)| (*id, (States::from_db(&r.states), r.bodies.as_str()))).collect();
    // The latest validated version of every cell of the cycles' own recommendations, one row
    // per (cycle, recommendation) with its cells joined, as in [`reporter_cells`]: the cells one
    // row each (32,000 for ten cycles of 3,200) took some 25 MiB on their way from the driver.
    let backend = db.get_database_backend();
    let (cells, codes) = (joined_cells(backend), reporter_codes());
    let list = ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT c.cycle_id, c.recommendation_id, {cells} \
         FROM report_cell c JOIN cycle_recommendation m ON m.cycle_id = c.cycle_id AND m.recommendation_id = c.recommendation_id \
         WHERE c.cycle_id IN ({list}) AND c.seq IS NOT NULL AND c.status IS NOT NULL AND c.percent IS NOT NULL \
         AND c.reporter IN ({codes}) GROUP BY c.cycle_id, c.recommendation_id"
    );
    let mut per_cycle: PerCycle = HashMap::new();
    for row in db.query_all_raw(sea_orm::Statement::from_string(backend, sql)).await? {
        let (cycle_id, rec): (i32, i32) = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        let joined: String = row.try_get_by_index(2)?;
        let Some((states, bodies)) = responsible.get(&rec) else { continue };
        for (reporter, _, validated) in split_cells(&joined) {
            let Some((status, percent)) = validated else { continue };
            if status == ReportStatus::NotApplicable || !reporter.is_responsible(states, bodies) {
                continue;
            }
            let e = per_cycle.entry(cycle_id).or_insert((0, 0, 0));
            e.0 += percent as i64;
            e.1 += 1;
            e.2 += usize::from(status == ReportStatus::Achieved);
        }
    }
    Ok(per_cycle)
}

/// The matrix as a table for export: one row per recommendation, a column per member state.
/// CSV: `status percent%` in each cell, empty when not due, `no report` when due without a
/// validated report. XLSX: the same table with the percentages and totals as numbers (a sheet
/// "Matrix", so they sum, sort and chart), and the statuses on a second sheet "Status".
pub async fn matrix_export(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    query: MatrixQuery,
    xlsx: bool,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<u8>> {
    let d = matrix(db, viewer, meeting_id, query, Lang::En, now).await?;
    if !d.visible {
        return Err(ServiceError::NotFound);
    }
    let mut header: Vec<&str> = vec!["code", "theme", "level"];
    header.extend(d.states.iter().map(String::as_str));
    header.extend(["reported", "due", "achieved", "average_percent"]);
    if !xlsx {
        let rows: Vec<Vec<String>> = d
            .rows
            .iter()
            .map(|r| {
                let mut v = vec![r.code.clone(), r.theme.clone(), r.level.as_str().to_string()];
                v.extend(r.cells.iter().map(|c| match (c.due, c.status, c.percent) {
                    (false, ..) => String::new(),
                    (true, Some(s), Some(p)) => format!("{} {p}%", s.as_str()),
                    _ => "no report".into(),
                }));
                v.extend([
                    r.total.0.to_string(),
                    r.total.1.to_string(),
                    r.total.2.to_string(),
                    r.total.3.map(|a| a.to_string()).unwrap_or_default(),
                ]);
                v
            })
            .collect();
        return Ok(crate::ssr::table::csv(&header, &rows).into_bytes());
    }
    use crate::ssr::table::{Cell, Sheet};
    fn lead(r: &super::super::types::MatrixRow) -> Vec<Cell<'_>> {
        vec![Cell::Text(r.code.as_str().into()), Cell::Text(r.theme.as_str().into()), Cell::Text(r.level.as_str().into())]
    }
    let figures: Vec<Vec<Cell>> = d
        .rows
        .iter()
        .map(|r| {
            let mut v = lead(r);
            v.extend(r.cells.iter().map(|c| match (c.due, c.status, c.percent) {
                (false, ..) => Cell::Text("".into()),
                // Left out of the averages, as on the dashboard: not a 0 % to sum or chart.
                (true, Some(ReportStatus::NotApplicable), Some(_)) => Cell::Text(ReportStatus::NotApplicable.as_str().into()),
                (true, Some(_), Some(p)) => Cell::Percent(f64::from(p)),
                _ => Cell::Text("no report".into()),
            }));
            v.extend([Cell::Number(r.total.0 as f64), Cell::Number(r.total.1 as f64), Cell::Number(r.total.2 as f64)]);
            v.push(r.total.3.map_or(Cell::Text("".into()), |a| Cell::Percent(f64::from(a))));
            v
        })
        .collect();
    let statuses: Vec<Vec<Cell>> = d
        .rows
        .iter()
        .map(|r| {
            let mut v = lead(r);
            v.extend(r.cells.iter().map(|c| {
                Cell::Text(
                    match (c.due, c.status) {
                        (false, _) => "",
                        (true, Some(s)) if c.percent.is_some() => s.as_str(),
                        _ => "no report",
                    }
                    .into(),
                )
            }));
            v
        })
        .collect();
    let status_header = &header[..header.len() - 4];
    crate::ssr::table::xlsx_sheets(&[
        Sheet { name: "Matrix", header: &header, rows: &figures },
        Sheet { name: "Status", header: status_header, rows: &statuses },
    ])
}

/// Every submitted version of every report of a cycle (secretariat), for export.
pub async fn cycle_reports_export(db: &impl ConnectionTrait, actor: &CurrentUser, cycle_id: i32, xlsx: bool) -> ServiceResult<Vec<u8>> {
    secretariat_only(actor)?;
    let (c, _, m) = load_cycle(db, Some(actor), cycle_id).await?;
    let recs = recommendations_of(db, m.id).await?;
    let header = [
        "code",
        "reporter",
        "version",
        "state",
        "status",
        "percent",
        "narrative",
        "evidence",
        "next_steps",
        "author",
        "submitted_at",
        "reviewer",
        "reviewed_at",
        "review_comment",
    ];
    let rows: Vec<Vec<String>> = progress_report::Entity::find()
        .filter(progress_report::Column::CycleId.eq(c.id))
        .filter(progress_report::Column::State.ne(ReportState::Draft))
        .order_by_asc(progress_report::Column::RecommendationId)
        .order_by_asc(progress_report::Column::Reporter)
        .order_by_asc(progress_report::Column::Seq)
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                recs.iter().find(|x| x.id == r.recommendation_id).map(|x| x.code.clone()).unwrap_or_default(),
                r.reporter,
                r.seq.to_string(),
                r.state.as_str().to_owned(),
                r.status.as_str().to_owned(),
                r.percent.to_string(),
                r.narrative_md,
                r.evidence,
                r.next_steps_md,
                r.author,
                r.submitted_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                r.reviewer,
                r.reviewed_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                r.review_comment,
            ]
        })
        .collect();
    if xlsx {
        crate::ssr::table::xlsx(&header, &rows, "Reports")
    } else {
        Ok(crate::ssr::table::csv(&header, &rows).into_bytes())
    }
}
