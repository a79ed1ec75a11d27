//! Calendars: one iCalendar (`.ics`) file per person, read for meetings.
//!
//! A meeting is a timed event with at least one attendee besides the
//! calendar's owner; all-day events, cancelled events and events marked
//! transparent (free time) are not meetings. Recurring events are expanded
//! inside the window for `FREQ=DAILY`, `WEEKLY` (with `BYDAY`) and `MONTHLY`,
//! with `INTERVAL`, `COUNT` and `UNTIL`; a rule staffscope cannot read is
//! reported with its line, and the event counts once. Times with a `TZID`
//! are read as UTC: good enough for hours per week, not for clock times.

use std::collections::HashSet;
use std::sync::Arc;

use model::Diagnostic;
use model::{Timestamp, Window};

/// One occurrence of a meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meeting {
    pub start: Timestamp,
    pub end: Timestamp,
    /// Shared by every occurrence of a recurring event.
    pub summary: Arc<str>,
    /// Attendee email addresses (lowercase), organizer included; shared by
    /// every occurrence.
    pub attendees: Arc<[String]>,
    /// Where the event starts in the file.
    pub line: usize,
}

const DAY: i64 = 86_400;
/// Occurrences of one recurring event, at most: enough for years of weekly meetings.
const MAX_OCCURRENCES: usize = 2_000;
/// Meetings one calendar may hold in the window: a busy year is a few
/// thousand; more is a generated or crafted file, read up to this bound.
pub const MAX_MEETINGS: usize = 50_000;
/// Attendees one event may have: a larger one is an announcement to a
/// mailing list, not a meeting between teams; the first ones are kept.
pub const MAX_ATTENDEES: usize = 1_000;
/// Characters of a summary kept.
pub const MAX_SUMMARY: usize = 1_000;

#[derive(Default)]
struct RawEvent {
    line: usize,
    start: Option<String>,
    end: Option<String>,
    duration: Option<String>,
    rrule: Option<(usize, String)>,
    summary: String,
    attendees: Vec<String>,
    /// The same attendees, for finding a repeat in constant time.
    seen: HashSet<String>,
    /// Attendees beyond [`MAX_ATTENDEES`], not kept.
    dropped_attendees: usize,
    cancelled: bool,
    transparent: bool,
}

/// Joins folded lines (a line starting with a space or tab continues the one
/// before), keeping the number of each logical line's first physical line.
fn unfold(content: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (index, raw) in content.lines().enumerate() {
        let raw = raw.trim_end_matches('\r');
        if let Some(rest) = raw.strip_prefix([' ', '\t'])
            && let Some(last) = lines.last_mut()
        {
            last.1.push_str(rest);
            continue;
        }
        lines.push((index + 1, raw.to_string()));
    }
    lines
}

/// `20250102T150000Z`, `20250102T150000` -> seconds; `20250102` (all day) -> None.
fn date_time(value: &str) -> Option<Timestamp> {
    let value = value.trim().trim_end_matches('Z');
    let (date, time) = value.split_once('T')?;
    let digits = |text: &[u8]| text.iter().all(u8::is_ascii_digit);
    if date.len() != 8
        || time.len() < 6
        || !digits(date.as_bytes())
        || !digits(&time.as_bytes()[..6])
    {
        return None;
    }
    let text = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &date[..4],
        &date[4..6],
        &date[6..8],
        &time[..2],
        &time[2..4],
        &time[4..6]
    );
    text.parse::<jiff::Timestamp>().ok().map(|t| t.as_second())
}

/// `PT1H30M`, `PT45M`, `P1D` -> seconds.
fn duration(value: &str) -> Option<i64> {
    let rest = value.trim().strip_prefix('P')?;
    let (days, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut seconds = 0i64;
    let mut number = String::new();
    for c in days.chars().chain(std::iter::once('|')).chain(time.chars()) {
        match c {
            '0'..='9' => number.push(c),
            'W' | 'D' | 'H' | 'M' | 'S' => {
                let unit = match c {
                    'W' => 7 * DAY,
                    'D' => DAY,
                    'H' => 3_600,
                    'M' => 60,
                    _ => 1,
                };
                // A duration too long to count is no duration.
                let part = number.parse::<i64>().ok()?.checked_mul(unit)?;
                seconds = seconds.checked_add(part)?;
            }
            '|' => {}
            _ => return None,
        }
        if !c.is_ascii_digit() {
            number.clear();
        }
    }
    Some(seconds)
}

/// Parses a calendar; meetings outside `window` are left out.
pub fn parse(file: &str, content: &str, window: Window) -> (Vec<Meeting>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut meetings = Vec::new();
    let mut event: Option<RawEvent> = None;
    for (line, text) in unfold(content) {
        let (name_and_params, value) = text.split_once(':').unwrap_or((text.as_str(), ""));
        let name = name_and_params
            .split(';')
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        match (name.as_str(), value.trim()) {
            ("BEGIN", "VEVENT") => {
                if let Some(open) = &event {
                    problems.push(Diagnostic::at(
                        file,
                        line,
                        format!(
                            "an event begins inside the event of line {} (no END:VEVENT before it); the first one was skipped",
                            open.line
                        ),
                    ));
                }
                event = Some(RawEvent {
                    line,
                    ..RawEvent::default()
                })
            }
            ("END", "VEVENT") => {
                if let Some(raw) = event.take() {
                    expand(file, raw, window, &mut meetings, &mut problems);
                }
            }
            _ => {
                let Some(raw) = event.as_mut() else { continue };
                match name.as_str() {
                    "DTSTART" => raw.start = Some(value.to_string()),
                    "DTEND" => raw.end = Some(value.to_string()),
                    "DURATION" => raw.duration = Some(value.to_string()),
                    "RRULE" => raw.rrule = Some((line, value.to_string())),
                    "SUMMARY" => {
                        let value: String = value.chars().take(MAX_SUMMARY).collect();
                        raw.summary = value.replace("\\,", ",").replace("\\n", " ");
                    }
                    "STATUS" => raw.cancelled = value.trim().eq_ignore_ascii_case("CANCELLED"),
                    "TRANSP" => raw.transparent = value.trim().eq_ignore_ascii_case("TRANSPARENT"),
                    "ATTENDEE" | "ORGANIZER" => {
                        let address = value.trim();
                        let address = address
                            .strip_prefix("mailto:")
                            .or_else(|| address.strip_prefix("MAILTO:"))
                            .unwrap_or(address)
                            .to_lowercase();
                        if !address.contains('@') || raw.seen.contains(&address) {
                            continue;
                        }
                        if raw.attendees.len() >= MAX_ATTENDEES {
                            raw.dropped_attendees += 1;
                        } else {
                            raw.seen.insert(address.clone());
                            raw.attendees.push(address);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if event.is_some() {
        problems.push(Diagnostic::in_file(
            file,
            "the file ends inside an event (no END:VEVENT); that event was skipped",
        ));
    }
    if meetings.len() > MAX_MEETINGS {
        problems.push(Diagnostic::in_file(
            file,
            format!(
                "more than {MAX_MEETINGS} meetings in the window, more than a calendar is read for; the first {MAX_MEETINGS} in the file were read"
            ),
        ));
        meetings.truncate(MAX_MEETINGS);
    }
    meetings.sort_by_key(|m| (m.start, m.line));
    (meetings, problems)
}

fn expand(
    file: &str,
    raw: RawEvent,
    window: Window,
    meetings: &mut Vec<Meeting>,
    problems: &mut Vec<Diagnostic>,
) {
    if raw.cancelled || raw.transparent {
        return;
    }
    let Some(start) = raw.start.as_deref().and_then(date_time) else {
        // All-day events (a date without a time) are not meetings.
        if raw.start.as_deref().is_some_and(|s| s.trim().len() != 8) {
            problems.push(Diagnostic::at(
                file,
                raw.line,
                format!(
                    "event has an unreadable DTSTART `{}`; skipped",
                    raw.start.unwrap_or_default()
                ),
            ));
        }
        return;
    };
    let length = raw
        .end
        .as_deref()
        .and_then(date_time)
        .map(|end| end - start)
        .or_else(|| raw.duration.as_deref().and_then(duration))
        .unwrap_or(0);
    if length < 0 {
        problems.push(Diagnostic::at(
            file,
            raw.line,
            "event ends before it starts; skipped",
        ));
        return;
    }
    // An instant (no end, no duration) or a day or more is no meeting.
    if length == 0 || length > DAY {
        return;
    }
    if raw.dropped_attendees > 0 {
        problems.push(Diagnostic::at(
            file,
            raw.line,
            format!(
                "event has {} attendees; the first {MAX_ATTENDEES} were read",
                MAX_ATTENDEES + raw.dropped_attendees
            ),
        ));
    }
    let occurrences = match &raw.rrule {
        None => vec![start],
        Some((line, rule)) => match recurrences(start, rule, window) {
            Ok(list) => list,
            Err(message) => {
                problems.push(Diagnostic::at(
                    file,
                    *line,
                    format!("recurrence rule not understood ({message}); the event counts once"),
                ));
                vec![start]
            }
        },
    };
    let summary: Arc<str> = Arc::from(raw.summary);
    let attendees: Arc<[String]> = Arc::from(raw.attendees);
    for occurrence in occurrences {
        // A bound on the file's meetings, counted as they come: past it,
        // the rest is not made at all (it is reported once, at the end).
        if meetings.len() > MAX_MEETINGS {
            return;
        }
        if window.contains(occurrence) {
            meetings.push(Meeting {
                start: occurrence,
                end: occurrence + length,
                summary: summary.clone(),
                attendees: attendees.clone(),
                line: raw.line,
            });
        }
    }
}

/// Occurrence starts of a recurring event, up to the window's end.
fn recurrences(start: Timestamp, rule: &str, window: Window) -> Result<Vec<Timestamp>, String> {
    let mut freq = None;
    let mut interval = 1i64;
    let mut count: Option<usize> = None;
    let mut until: Option<Timestamp> = None;
    let mut by_day: Vec<i64> = Vec::new();
    for part in rule.split(';').filter(|p| !p.is_empty()) {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| format!("`{part}` is not KEY=VALUE"))?;
        match key.to_ascii_uppercase().as_str() {
            "FREQ" => freq = Some(value.to_ascii_uppercase()),
            "INTERVAL" => interval = value.parse().map_err(|_| format!("INTERVAL `{value}`"))?,
            "COUNT" => count = Some(value.parse().map_err(|_| format!("COUNT `{value}`"))?),
            "UNTIL" => {
                until = Some(
                    date_time(value)
                        .or_else(|| date_time(&format!("{value}T235959Z")))
                        .ok_or_else(|| format!("UNTIL `{value}`"))?,
                )
            }
            "BYDAY" => {
                for day in value.split(',') {
                    let code = day
                        .trim_start_matches(|c: char| c == '+' || c == '-' || c.is_ascii_digit());
                    let index = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
                        .iter()
                        .position(|d| d.eq_ignore_ascii_case(code))
                        .ok_or_else(|| format!("BYDAY `{day}`"))?;
                    by_day.push(index as i64);
                }
            }
            "WKST" | "BYMONTH" | "BYMONTHDAY" | "BYSETPOS" => {}
            other => return Err(format!("unknown part `{other}`")),
        }
    }
    if interval < 1 {
        return Err(format!("INTERVAL {interval}"));
    }
    let end = until.unwrap_or(window.until).min(window.until);
    let mut starts = Vec::new();
    let push = |time: Timestamp, starts: &mut Vec<Timestamp>| -> bool {
        if time > end || count.is_some_and(|c| starts.len() >= c) || starts.len() >= MAX_OCCURRENCES
        {
            return false;
        }
        if time >= start {
            starts.push(time);
        }
        true
    };
    match freq.as_deref() {
        Some("DAILY") => {
            let mut time = start;
            while push(time, &mut starts) {
                time += interval * DAY;
            }
        }
        Some("WEEKLY") => {
            // 1970-01-01 was a Thursday: weekday 3 when Monday is 0.
            let weekday = |t: Timestamp| (t.div_euclid(DAY) + 3).rem_euclid(7);
            let week_start = start - weekday(start) * DAY;
            let days = if by_day.is_empty() {
                vec![weekday(start)]
            } else {
                by_day.clone()
            };
            let mut week = 0i64;
            'weeks: loop {
                let base = week_start + week * interval * 7 * DAY;
                if base > end {
                    break;
                }
                let mut sorted = days.clone();
                sorted.sort_unstable();
                for day in sorted {
                    if !push(base + day * DAY, &mut starts) {
                        break 'weeks;
                    }
                }
                week += 1;
            }
        }
        Some("MONTHLY") => {
            let zoned = jiff::Timestamp::from_second(start)
                .map_err(|e| e.to_string())?
                .to_zoned(jiff::tz::TimeZone::UTC);
            let mut months = 0i64;
            loop {
                let Ok(next) = zoned.checked_add(jiff::Span::new().months(months * interval))
                else {
                    break;
                };
                if !push(next.timestamp().as_second(), &mut starts) {
                    break;
                }
                months += 1;
            }
        }
        Some(other) => return Err(format!("FREQ={other}")),
        None => return Err("no FREQ".to_string()),
    }
    Ok(starts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::parse_date;

    fn window() -> Window {
        Window {
            since: parse_date("2025-01-01").unwrap(),
            until: parse_date("2025-03-01").unwrap(),
        }
    }

    const CALENDAR: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
BEGIN:VEVENT\r
SUMMARY:Payments sync\r
DTSTART:20250106T100000Z\r
DTEND:20250106T110000Z\r
RRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=6\r
ORGANIZER:mailto:priya@acme.example\r
ATTENDEE;CN=Ana;ROLE=REQ-PARTICIPANT:mailto:ana@acme.example\r
END:VEVENT\r
BEGIN:VEVENT\r
SUMMARY:Focus time\r
DTSTART:20250107T090000Z\r
DURATION:PT3H\r
END:VEVENT\r
BEGIN:VEVENT\r
SUMMARY:Offsite\r
DTSTART;VALUE=DATE:20250110\r
ATTENDEE:mailto:ana@acme.example\r
END:VEVENT\r
BEGIN:VEVENT\r
SUMMARY:Broken recurrence\r
DTSTART;TZID=Europe/Berlin:20250108T130000\r
DURATION:PT30M\r
RRULE:FREQ=SOMETIMES\r
ATTENDEE:mailto:bo@acme.example\r
 \r
END:VEVENT\r
BEGIN:VEVENT\r
SUMMARY:Cancelled\r
STATUS:CANCELLED\r
DTSTART:20250109T100000Z\r
DTEND:20250109T110000Z\r
ATTENDEE:mailto:bo@acme.example\r
END:VEVENT\r
END:VCALENDAR\r
";

    #[test]
    fn meetings_recurrences_and_a_broken_rule() {
        let (meetings, problems) = parse("calendars/priya.ics", CALENDAR, window());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].to_string().starts_with(
                "calendars/priya.ics:25: recurrence rule not understood (FREQ=SOMETIMES)"
            ),
            "{problems:?}"
        );
        let summaries: Vec<&str> = meetings.iter().map(|m| &*m.summary).collect();
        // Six weekly occurrences (Mondays and Thursdays), and the broken one once.
        assert_eq!(
            summaries.iter().filter(|s| **s == "Payments sync").count(),
            6
        );
        assert_eq!(
            summaries
                .iter()
                .filter(|s| **s == "Broken recurrence")
                .count(),
            1
        );
        // Focus time (no attendees) is kept as an event but has no attendees; the offsite (all day) and the cancelled meeting are not.
        assert!(!summaries.contains(&"Offsite") && !summaries.contains(&"Cancelled"));
        let sync: Vec<i64> = meetings
            .iter()
            .filter(|m| &*m.summary == "Payments sync")
            .map(|m| (m.start - window().since) / DAY)
            .collect();
        assert_eq!(sync, vec![5, 8, 12, 15, 19, 22]);
        assert_eq!(
            meetings[0].attendees.to_vec(),
            vec!["priya@acme.example", "ana@acme.example"]
        );
    }

    fn event(summary: &str, attendees: usize, rule: &str) -> String {
        let attendees: String = (0..attendees)
            .map(|i| format!("ATTENDEE:mailto:p{i}@acme.example\r\n"))
            .collect();
        format!(
            "BEGIN:VEVENT\r\nDTSTART:20250102T100000Z\r\nDTEND:20250102T110000Z\r\n{rule}SUMMARY:{summary}\r\n{attendees}END:VEVENT\r\n"
        )
    }

    #[test]
    fn a_crafted_calendar_is_read_within_its_bounds() {
        let daily = "RRULE:FREQ=DAILY\r\n";
        // A 5 MB summary on a daily event: cut, and shared by every occurrence.
        let (meetings, _) = parse("c.ics", &event(&"x".repeat(5_000_000), 2, daily), window());
        assert_eq!(meetings.len(), 58);
        assert_eq!(meetings[0].summary.len(), MAX_SUMMARY);
        assert!(Arc::ptr_eq(&meetings[0].summary, &meetings[57].summary));
        // 50,000 attendees: the first thousand, said.
        let (meetings, problems) = parse("c.ics", &event("All hands", 50_000, ""), window());
        assert_eq!(meetings[0].attendees.len(), MAX_ATTENDEES);
        assert_eq!(
            problems[0].to_string(),
            "c.ics:1: event has 50000 attendees; the first 1000 were read"
        );
        // 2,000 daily events: up to the bound, said once.
        let many: String = (0..2_000).map(|_| event("Sync", 2, daily)).collect();
        let (meetings, problems) = parse("c.ics", &many, window());
        assert_eq!(meetings.len(), MAX_MEETINGS);
        assert!(problems[0].to_string().contains("more than 50000 meetings"));
    }

    #[test]
    fn events_ending_before_they_start_or_begun_inside_another_are_named() {
        let backwards = "BEGIN:VEVENT\r\nDTSTART:20250102T110000Z\r\nDTEND:20250102T100000Z\r\nSUMMARY:Back\r\nATTENDEE:mailto:a@x.example\r\nEND:VEVENT\r\n";
        let nested = "BEGIN:VEVENT\r\nSUMMARY:Outer\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\n";
        let (_, problems) = parse("c.ics", &format!("{backwards}{nested}"), window());
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "c.ics:1: event ends before it starts; skipped",
                "c.ics:9: an event begins inside the event of line 7 (no END:VEVENT before it); the first one was skipped",
            ]
        );
    }

    #[test]
    fn durations_and_times() {
        assert_eq!(duration("PT1H30M"), Some(5_400));
        assert_eq!(duration("P1DT2H"), Some(93_600));
        assert_eq!(duration("PTXM"), None);
        assert_eq!(
            date_time("20250106T100000Z"),
            Some(parse_date("2025-01-06").unwrap() + 36_000)
        );
        assert_eq!(date_time("20250106"), None);
        // Found by fuzzing: a letter of another script where a digit goes,
        // and a duration beyond counting, are no time rather than a panic.
        assert_eq!(date_time("20250106T11000Х"), None);
        assert_eq!(date_time("2025010ХT110000"), None);
        assert_eq!(duration("P99999999999999999W"), None);
        assert_eq!(duration("PT9223372036854775807H"), None);
    }

    #[test]
    fn unterminated_event_is_named() {
        let (_, problems) = parse(
            "c.ics",
            "BEGIN:VEVENT\nDTSTART:20250106T100000Z\n",
            window(),
        );
        assert!(
            problems[0].to_string().contains("ends inside an event"),
            "{problems:?}"
        );
    }
}
