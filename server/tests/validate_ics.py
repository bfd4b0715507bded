#!/usr/bin/env python3
"""Parses an iCalendar file with the independent `icalendar` package (PyPI) and prints the
events as JSON, so the Rust tests can check what a real client would read. Exits non-zero when
the file does not parse or breaks a rule the tests rely on."""
import json
import sys

import icalendar


def main(path):
    with open(path, "rb") as f:
        data = f.read()
    cal = icalendar.Calendar.from_ical(data)
    assert cal.get("VERSION") == "2.0", "VERSION:2.0 missing"
    assert cal.get("PRODID"), "PRODID missing"
    for name in (b"VERSION:", b"PRODID:", b"BEGIN:VCALENDAR"):
        count = sum(1 for line in data.split(b"\r\n") if line.startswith(name))
        assert count == 1, f"{name!r} appears {count} times"
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, f"line longer than 75 octets: {line[:40]!r}"
    events = []
    uids = set()
    for ev in cal.walk("VEVENT"):
        uid = str(ev.get("UID"))
        assert uid not in uids, f"duplicate UID {uid}"
        uids.add(uid)
        assert ev.get("DTSTAMP") is not None, "DTSTAMP missing"
        start = ev.decoded("DTSTART")
        end = ev.decoded("DTEND")
        assert end > start, f"{uid}: DTEND not after DTSTART"
        events.append({
            "uid": uid,
            "summary": str(ev.get("SUMMARY")),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "sequence": int(ev.get("SEQUENCE", 0)),
            "description": str(ev.get("DESCRIPTION", "")),
            "url": str(ev.get("URL", "")),
            "transp": str(ev.get("TRANSP", "")),
        })
    json.dump({"events": events}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
