//! Dates without a time-zone library: the fixed days the demo's story is
//! pinned to, plausible working hours, and GitHub's time format. The
//! arithmetic is explicit so that the output cannot depend on a crate
//! version or on the machine's time zone.

use crate::rng::Rng;

pub(crate) const DAY: i64 = 86_400;

/// Unix seconds of midnight UTC on a civil date (proleptic Gregorian).
pub(crate) const fn date(year: i64, month: i64, day: i64) -> i64 {
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * DAY
}

/// First day on which ordinary work is planned (after the initial imports).
pub(crate) const FIRST_WORK_DAY: i64 = date(2024, 12, 3) / DAY;
/// Last day on which ordinary work is planned.
pub(crate) const LAST_WORK_DAY: i64 = date(2026, 11, 18) / DAY;
/// Nothing is ever dated after this moment.
pub(crate) const LAST_MOMENT: i64 = date(2026, 11, 20) - 3600;
/// Leo moves from search to data on this day.
pub(crate) const MOVE_DAY: i64 = date(2025, 7, 1);
/// `libs/auth/` in shared-libs moves from identity to platform at this moment.
pub(crate) const AUTH_MOVE: i64 = date(2025, 9, 16) + 14 * 3600;

/// 0 is Sunday, 6 is Saturday.
pub(crate) fn weekday(day: i64) -> i64 {
    (day + 4).rem_euclid(7)
}

/// A plausible moment of work for someone in `tz` minutes east of UTC.
pub(crate) fn work_time(rng: &mut Rng, tz: i32) -> i64 {
    let mut day = rng.between(FIRST_WORK_DAY, LAST_WORK_DAY);
    // Most people do not work at weekends; move most weekend picks to the
    // nearest weekday but keep a few, because real histories have them.
    if !rng.chance(0.05) {
        match weekday(day) {
            6 => day += if rng.chance(0.5) { -1 } else { 2 },
            0 => day += if rng.chance(0.5) { -2 } else { 1 },
            _ => {}
        }
    }
    let local = if rng.chance(0.05) {
        rng.between(20 * 3600, 23 * 3600)
    } else {
        rng.between(8 * 3600 + 1800, 19 * 3600)
    };
    day * DAY + local - i64::from(tz) * 60
}

/// A moment on a fixed day at a local hour and minute for someone in `tz`.
pub(crate) fn local_moment(day_start: i64, hour: i64, minute: i64, tz: i32) -> i64 {
    day_start + hour * 3600 + minute * 60 - i64::from(tz) * 60
}

/// `2025-03-04T10:11:12Z` for Unix seconds, as the GitHub API writes times.
pub(crate) fn iso_time(time: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let days = time.div_euclid(DAY);
    let seconds = time.rem_euclid(DAY);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}
