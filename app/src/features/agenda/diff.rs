//! The changelog between two agenda snapshots: sessions and items added, removed, moved or
//! changed. Pure: it reads two snapshots and touches no database.

use super::types::{AgendaItem, AgendaSession, AgendaSnapshot, Change, ChangeKind, ChangeTarget, Slot};
use std::collections::BTreeMap;

/// Items by id with their slot, and sessions by id with their day.
type Index<'a> = (BTreeMap<i32, (Slot, &'a AgendaItem)>, BTreeMap<i32, (chrono::NaiveDate, &'a AgendaSession)>);

fn index(a: &AgendaSnapshot) -> Index<'_> {
    let mut items = BTreeMap::new();
    let mut sessions = BTreeMap::new();
    for d in &a.days {
        for s in &d.sessions {
            sessions.insert(s.id, (d.date, s));
            for i in &s.items {
                let slot = Slot { day: d.date, start: Some(i.start), end: Some(i.end), session: s.title.clone() };
                items.insert(i.id, (slot, i));
            }
        }
    }
    (items, sessions)
}

/// The changelog from `old` to `new`: sessions and items added, removed, moved or changed.
pub fn diff(old: &AgendaSnapshot, new: &AgendaSnapshot) -> Vec<Change> {
    let (old_items, old_sessions) = index(old);
    let (new_items, new_sessions) = index(new);
    let session_slot = |day, s: &AgendaSession| Slot { day, start: None, end: None, session: s.title.clone() };
    let mut changes = Vec::new();
    for (id, (day, s)) in &new_sessions {
        match old_sessions.get(id) {
            None => changes.push(Change {
                kind: ChangeKind::Added,
                target: ChangeTarget::Session,
                title: s.title.clone(),
                from: None,
                to: Some(session_slot(*day, s)),
                fields: vec![],
            }),
            Some((old_day, o)) => {
                let mut fields = Vec::new();
                if o.title != s.title {
                    fields.push("title".to_string());
                }
                if o.room != s.room {
                    fields.push("room".to_string());
                }
                if o.chair != s.chair {
                    fields.push("chair".to_string());
                }
                if old_day != day {
                    changes.push(Change {
                        kind: ChangeKind::Moved,
                        target: ChangeTarget::Session,
                        title: s.title.clone(),
                        from: Some(session_slot(*old_day, o)),
                        to: Some(session_slot(*day, s)),
                        fields,
                    });
                } else if !fields.is_empty() {
                    changes.push(Change {
                        kind: ChangeKind::Changed,
                        target: ChangeTarget::Session,
                        title: s.title.clone(),
                        from: Some(session_slot(*old_day, o)),
                        to: Some(session_slot(*day, s)),
                        fields,
                    });
                }
            }
        }
    }
    for (id, (day, s)) in &old_sessions {
        if !new_sessions.contains_key(id) {
            changes.push(Change {
                kind: ChangeKind::Removed,
                target: ChangeTarget::Session,
                title: s.title.clone(),
                from: Some(session_slot(*day, s)),
                to: None,
                fields: vec![],
            });
        }
    }
    for (id, (slot, i)) in &new_items {
        match old_items.get(id) {
            None => changes.push(Change {
                kind: ChangeKind::Added,
                target: ChangeTarget::Item,
                title: i.title.clone(),
                from: None,
                to: Some(slot.clone()),
                fields: vec![],
            }),
            Some((old_slot, o)) => {
                let mut fields = Vec::new();
                for (name, differs) in [
                    ("title", o.title != i.title),
                    ("description", o.description_md != i.description_md),
                    ("room", o.room != i.room),
                    ("chair", o.chair != i.chair),
                    ("speakers", o.speakers != i.speakers),
                    ("kind", o.kind != i.kind),
                ] {
                    if differs {
                        fields.push(name.to_string());
                    }
                }
                // A renamed session is reported once, on the session, not on each of its items.
                let moved = old_slot.day != slot.day
                    || old_slot.start != slot.start
                    || old_slot.end != slot.end
                    || session_of(old, *id) != session_of(new, *id);
                if moved {
                    changes.push(Change {
                        kind: ChangeKind::Moved,
                        target: ChangeTarget::Item,
                        title: i.title.clone(),
                        from: Some(old_slot.clone()),
                        to: Some(slot.clone()),
                        fields,
                    });
                } else if !fields.is_empty() {
                    changes.push(Change {
                        kind: ChangeKind::Changed,
                        target: ChangeTarget::Item,
                        title: i.title.clone(),
                        from: Some(old_slot.clone()),
                        to: Some(slot.clone()),
                        fields,
                    });
                }
            }
        }
    }
    for (id, (slot, i)) in &old_items {
        if !new_items.contains_key(id) {
            changes.push(Change {
                kind: ChangeKind::Removed,
                target: ChangeTarget::Item,
                title: i.title.clone(),
                from: Some(slot.clone()),
                to: None,
                fields: vec![],
            });
        }
    }
    changes
}

fn session_of(a: &AgendaSnapshot, item_id: i32) -> Option<i32> {
    a.days.iter().flat_map(|d| &d.sessions).find(|s| s.items.iter().any(|i| i.id == item_id)).map(|s| s.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ClockTime, ItemKind, PersonRef};
    use crate::features::agenda::types::AgendaDay;
    use chrono::NaiveDate;

    fn t(s: &str) -> ClockTime {
        ClockTime::parse("t", s).unwrap()
    }

    fn item(id: i32, title: &str, start: &str, end: &str) -> AgendaItem {
        AgendaItem {
            id,
            kind: ItemKind::Item,
            start: t(start),
            end: t(end),
            title: title.into(),
            description_md: String::new(),
            description_html: String::new(),
            room: String::new(),
            chair: None,
            speakers: vec![],
            version: 1,
            original_lang: None,
            viewer_time: None,
        }
    }

    fn agenda(items: Vec<AgendaItem>) -> AgendaSnapshot {
        AgendaSnapshot {
            days: vec![AgendaDay {
                date: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
                sessions: vec![AgendaSession {
                    id: 1,
                    title: "Opening".into(),
                    room: String::new(),
                    chair: None,
                    version: 1,
                    items,
                    original_lang: None,
                }],
            }],
        }
    }

    #[test]
    fn diff_reports_added_removed_moved_changed() {
        let old =
            agenda(vec![item(1, "Welcome", "09:00", "09:30"), item(2, "Keynote", "09:30", "10:00"), item(3, "Photo", "10:00", "10:15")]);
        let mut moved = item(2, "Keynote", "10:00", "10:30");
        moved.speakers = vec![PersonRef { name: "A".into(), role: String::new(), affiliation: String::new() }];
        let mut renamed = item(1, "Welcome remarks", "09:00", "09:30");
        renamed.room = "Hall A".into();
        let new = agenda(vec![renamed, moved, item(4, "Coffee", "10:30", "11:00")]);
        let changes = diff(&old, &new);
        let summary: Vec<(ChangeKind, &str, Vec<String>)> = changes.iter().map(|c| (c.kind, c.title.as_str(), c.fields.clone())).collect();
        assert_eq!(
            summary,
            vec![
                (ChangeKind::Changed, "Welcome remarks", vec!["title".to_string(), "room".to_string()]),
                (ChangeKind::Moved, "Keynote", vec!["speakers".to_string()]),
                (ChangeKind::Added, "Coffee", vec![]),
                (ChangeKind::Removed, "Photo", vec![]),
            ]
        );
        assert_eq!(changes[1].from.as_ref().unwrap().start, Some(t("09:30")));
        assert_eq!(changes[1].to.as_ref().unwrap().start, Some(t("10:00")));
    }

    #[test]
    fn identical_agendas_have_no_changes() {
        let a = agenda(vec![item(1, "Welcome", "09:00", "09:30")]);
        assert!(diff(&a, &a.clone()).is_empty());
        let first = diff(&AgendaSnapshot::default(), &a);
        assert_eq!(first.len(), 2);
        assert_eq!(first[0].target, ChangeTarget::Session);
    }
}
