//! iCalendar export of a meeting: one all-day event for the meeting and one event per
//! agenda item of the latest published revision. Times are written in UTC (converted from the
//! venue's time zone), UIDs are stable across revisions and SEQUENCE is the revision number,
//! so calendar clients update events in place when the agenda is revised.

use crate::extract::{MaybeUser, Reply, RouteError};
use app::features::agenda::types::RevisionView;
use app::ssr::entities::meeting;
use app::ssr::{AppState, ServiceError};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};

/// The UTC instant of a wall-clock time at the venue (the earlier one if ambiguous; a time
/// skipped by a DST change moves forward an hour).
pub fn venue_to_utc(tz: chrono_tz::Tz, day: NaiveDate, minutes: i32) -> chrono::DateTime<Utc> {
    let local: NaiveDateTime = day.and_time(NaiveTime::MIN) + Duration::minutes(minutes as i64);
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(local + Duration::hours(1))).earliest())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

fn uid_host(public_url: &str) -> &str {
    let rest = public_url.split("://").nth(1).unwrap_or(public_url);
    rest.split(['/', ':']).next().unwrap_or("midsa")
}

fn new_calendar() -> Calendar {
    let mut cal = Calendar::empty();
    for (k, v) in [("VERSION", "2.0"), ("PRODID", "-//IOM MIDSA//MIDSA Dialogue//EN"), ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH")] {
        cal.append_property(icalendar::Property::new(k, v));
    }
    cal
}

/// Renders one meeting's calendar. `now` is the DTSTAMP when nothing is published yet.
pub fn render(m: &meeting::Model, revision: Option<&RevisionView>, public_url: &str, now: chrono::DateTime<Utc>) -> String {
    let mut cal = new_calendar();
    cal.name(&m.title).timezone(m.timezone.as_str());
    push_meeting(&mut cal, m, revision, public_url, now);
    fold_lines(&cal.done().to_string())
}

/// RFC 5545 §3.1 line folding, done once over the whole text: every content line is cut into
/// pieces of at most 75 octets (the continuation lines start with a space, which counts), never
/// inside a UTF-8 sequence, and every line ends with CRLF. (The calendar library folds some
/// properties but not all: a long DESCRIPTION with the link back came out as one line.)
pub fn fold_lines(ics: &str) -> String {
    let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 70 * 3);
    for line in unfolded.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).filter(|l| !l.is_empty()) {
        // A stray carriage return inside a value would end the line early for some readers.
        let line = line.replace('\r', " ");
        let mut width = 0;
        for c in line.chars() {
            let n = c.len_utf8();
            if width + n > 75 {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += n;
        }
        out.push_str("\r\n");
    }
    out
}

/// Renders a personal feed: the events of several meetings in one calendar (same UIDs as the
/// meetings' own calendars, so a client subscribed to both sees each event once).
pub fn render_feed(
    name: &str,
    meetings: &[(meeting::Model, Option<RevisionView>)],
    public_url: &str,
    now: chrono::DateTime<Utc>,
) -> String {
    let mut cal = new_calendar();
    cal.name(name);
    for (m, revision) in meetings {
        push_meeting(&mut cal, m, revision.as_ref(), public_url, now);
    }
    fold_lines(&cal.done().to_string())
}

fn push_meeting(cal: &mut Calendar, m: &meeting::Model, revision: Option<&RevisionView>, public_url: &str, now: chrono::DateTime<Utc>) {
    let host = uid_host(public_url);
    let tz: chrono_tz::Tz = m.timezone.parse().unwrap_or(chrono_tz::UTC);
    let sequence = revision.map(|r| r.number.max(1) as u32 - 1).unwrap_or(0);
    let stamp = revision.map(|r| r.published_at).unwrap_or(now);
    let meeting_url = format!("{public_url}/meetings/{}", m.id);
    let agenda_url = format!("{meeting_url}/agenda");
    let location = format!("{}, {}", m.venue, m.city);

    let mut meeting_event = Event::new();
    meeting_event
        .uid(&format!("meeting-{}@{host}", m.id))
        .timestamp(stamp)
        .sequence(sequence)
        .summary(&m.title)
        .description(&format!("{}\n\n{meeting_url}", m.description_md))
        .url(&meeting_url)
        .location(&location)
        .starts(m.start_date)
        .ends(m.end_date + Duration::days(1));
    cal.push(meeting_event.done());

    if let Some(r) = revision {
        for day in &r.agenda.days {
            for s in &day.sessions {
                for i in &s.items {
                    let mut description = Vec::new();
                    if !s.title.is_empty() {
                        description.push(s.title.clone());
                    }
                    if let Some(c) = &i.chair {
                        description.push(format!("Chair: {c}"));
                    }
                    if !i.speakers.is_empty() {
                        description.push(format!("Speakers: {}", i.speakers.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; ")));
                    }
                    if !i.description_md.is_empty() {
                        description.push(i.description_md.clone());
                    }
                    description.push(format!("{agenda_url}#item-{}", i.id));
                    let room = if i.room.is_empty() { &s.room } else { &i.room };
                    let loc = if room.is_empty() { location.clone() } else { format!("{room}, {location}") };
                    let mut ev = Event::new();
                    ev.uid(&format!("agenda-item-{}@{host}", i.id))
                        .timestamp(stamp)
                        .sequence(sequence)
                        .summary(&i.title)
                        .description(&description.join("\n\n"))
                        .url(&format!("{agenda_url}#item-{}", i.id))
                        .location(&loc)
                        .starts(CalendarDateTime::Utc(venue_to_utc(tz, day.date, i.start.minutes())))
                        .ends(CalendarDateTime::Utc(venue_to_utc(tz, day.date, i.end.minutes())));
                    if i.kind == app::domain::ItemKind::Break {
                        ev.add_property("TRANSP", "TRANSPARENT");
                    }
                    cal.push(ev.done());
                }
            }
        }
    }
}

/// `GET /feeds/{token}.ics`: a user's private feed of the meetings they are approved for.
/// Unknown or revoked tokens are 404.
pub async fn personal_feed(State(state): State<AppState>, reply: Reply, Path(file): Path<String>) -> Result<Response, RouteError> {
    let token = file.strip_suffix(".ics").ok_or(reply.fail(ServiceError::NotFound))?;
    let result = async {
        let (name, ids) = app::features::registration::personal::feed_meetings(&state.db, token).await?;
        let mut meetings = Vec::new();
        for id in ids {
            meetings.push(app::features::agenda::service::for_calendar(&state.db, None, id).await?);
        }
        Ok::<_, app::ssr::ServiceError>(render_feed(
            &format!("MIDSA Dialogue \u{2013} {name}"),
            &meetings,
            &state.config.public_url,
            Utc::now(),
        ))
    }
    .await;
    let body = result.map_err(|e| reply.fail(e))?;
    Ok(([(header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (header::CACHE_CONTROL, "private, no-cache")], body).into_response())
}

/// `GET /meetings/{id}/calendar.ics`: the meeting's calendar, for anyone who may see the meeting.
pub async fn meeting_calendar(
    State(state): State<AppState>,
    user: MaybeUser,
    reply: Reply,
    Path(id): Path<String>,
) -> Result<Response, RouteError> {
    let id = app::domain::parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
    let (m, revision) = app::features::agenda::service::for_calendar(&state.db, user.as_ref(), id).await.map_err(|e| reply.fail(e))?;
    let body = render(&m, revision.as_ref(), &state.config.public_url, Utc::now());
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"midsa-meeting-{id}.ics\"")),
            (header::CACHE_CONTROL, "no-cache".to_string()),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn venue_times_convert_to_utc() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(venue_to_utc(chrono_tz::Africa::Dar_es_Salaam, d, 9 * 60).to_rfc3339(), "2026-12-07T06:00:00+00:00");
        assert_eq!(venue_to_utc(chrono_tz::Africa::Johannesburg, d, 0).to_rfc3339(), "2026-12-06T22:00:00+00:00");
        // Europe/Zurich skips 02:00-03:00 on 2027-03-28: moved forward, never lost.
        let spring = NaiveDate::from_ymd_opt(2027, 3, 28).unwrap();
        assert_eq!(venue_to_utc(chrono_tz::Europe::Zurich, spring, 150).to_rfc3339(), "2027-03-28T01:30:00+00:00");
    }

    #[test]
    fn every_line_is_folded_at_75_octets_between_characters() {
        let long = format!(
            "BEGIN:VCALENDAR\r\nDESCRIPTION:{}\r\nSUMMARY:{}\nX-LONG:{}\r\nEND:VCALENDAR\r\n",
            "Réunion ministérielle sur la migration de main-d’œuvre à Dar es Salaam — ".repeat(4),
            "Reunião ministerial sobre migração laboral — ".repeat(5),
            "a".repeat(300)
        );
        let folded = fold_lines(&long);
        assert!(folded.ends_with("\r\n"));
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(!folded.replace("\r\n", "").contains('\n'), "bare LF left");
        // Unfolding gives the text back, and folding twice changes nothing.
        assert_eq!(folded.replace("\r\n ", ""), long.replace("\r\n", "\n").replace('\n', "\r\n"));
        assert_eq!(fold_lines(&folded), folded);
    }

    #[test]
    fn uid_host_is_the_public_host() {
        assert_eq!(uid_host("https://midsa.example.org"), "midsa.example.org");
        assert_eq!(uid_host("http://127.0.0.1:3000"), "127.0.0.1");
    }
}
