//! Calendar dates as people write and read them: `YYYY-MM-DD`, in UTC.

use crate::Timestamp;

/// A timestamp's calendar date in UTC, `YYYY-MM-DD`.
pub fn date(time: Timestamp) -> String {
    jiff::Timestamp::from_second(time)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_else(|_| time.to_string())
}

/// Parses `YYYY-MM-DD` as midnight UTC; a month or day written with one
/// digit (`2025-10-9`, as people type them) reads too.
pub fn parse_date(text: &str) -> Result<Timestamp, String> {
    let not_a_date = || format!("`{text}` is not a date; expected YYYY-MM-DD");
    let date: jiff::civil::Date = match text.trim().parse() {
        Ok(date) => date,
        Err(_) => {
            let parts: Vec<&str> = text.trim().split('-').collect();
            let [year, month, day] = parts.as_slice() else {
                return Err(not_a_date());
            };
            let number = |part: &str, digits: std::ops::RangeInclusive<usize>| {
                (digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| part.parse::<i16>().ok())
                    .flatten()
            };
            let (Some(year), Some(month), Some(day)) = (
                number(year, 4..=4),
                number(month, 1..=2),
                number(day, 1..=2),
            ) else {
                return Err(not_a_date());
            };
            jiff::civil::Date::new(year, month as i8, day as i8).map_err(|_| not_a_date())?
        }
    };
    date.to_zoned(jiff::tz::TimeZone::UTC)
        .map(|zoned| zoned.timestamp().as_second())
        .map_err(|error| format!("`{text}`: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_digit_months_and_days_read_and_impossible_dates_do_not() {
        assert_eq!(parse_date("2025-10-9"), parse_date("2025-10-09"));
        assert_eq!(parse_date("2025-1-2"), parse_date("2025-01-02"));
        for bad in [
            "2025-30-01",
            "2025-14-05",
            "25-1-2",
            "2025-1",
            "2025-01-02x",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
