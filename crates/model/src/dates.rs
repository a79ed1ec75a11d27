//! Calendar dates as people write and read them: `YYYY-MM-DD`, in UTC.

use crate::Timestamp;

/// A timestamp's calendar date in UTC, `YYYY-MM-DD`.
pub fn date(time: Timestamp) -> String {
    jiff::Timestamp::from_second(time)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_else(|_| time.to_string())
}

/// Parses `YYYY-MM-DD` as midnight UTC.
pub fn parse_date(text: &str) -> Result<Timestamp, String> {
    let date: jiff::civil::Date = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a date; expected YYYY-MM-DD"))?;
    date.to_zoned(jiff::tz::TimeZone::UTC)
        .map(|zoned| zoned.timestamp().as_second())
        .map_err(|error| format!("`{text}`: {error}"))
}
