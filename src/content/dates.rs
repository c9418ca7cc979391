//! Front-matter dates → `DateTime<FixedOffset>`.
//!
//! Accepted: a TOML date (`2023-01-10`), local date-time (`2023-01-10T09:30:00`),
//! offset date-time (`2023-01-10T09:30:00+02:00`), or the same forms as a string.
//! A date without a time is midnight, and a time without an offset is local time,
//! in the site's `timezone` (RFC 3339 §5.6 for the written forms).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// Parses a front-matter date value.
///
/// Errors with a sentence for people when `value` is neither a TOML date nor a
/// string in one of the accepted forms.
pub(crate) fn parse(value: &toml::Value, tz: Tz) -> Result<DateTime<FixedOffset>, String> {
    let text = match value {
        toml::Value::Datetime(dt) => dt.to_string(),
        toml::Value::String(s) => s.trim().to_string(),
        other => {
            return Err(format!(
                "a date is expected here, found {} `{other}`",
                other.type_str()
            ))
        }
    };
    parse_str(&text, tz).ok_or_else(|| format!("`{text}` is not a date"))
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` (also with a space) or RFC 3339.
pub(crate) fn parse_str(text: &str, tz: Tz) -> Option<DateTime<FixedOffset>> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt);
    }
    let naive = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .or_else(|| {
            [
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        })?;
    local(naive, tz)
}

/// A local date-time in `tz` as a fixed-offset one; in a gap (spring forward) the
/// time after the gap.
pub(crate) fn local(naive: NaiveDateTime, tz: Tz) -> Option<DateTime<FixedOffset>> {
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|d| d.fixed_offset())
}

/// "2023-01-10": the date part, for `<time datetime>` and templates.
pub(crate) fn iso_date(date: &DateTime<FixedOffset>) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let tz: Tz = "Europe/Paris".parse().unwrap();
        let d = parse_str("2023-01-10", tz).unwrap();
        assert_eq!(d.to_rfc3339(), "2023-01-10T00:00:00+01:00");
        let v: toml::Table = toml::from_str("d = 2023-07-01T10:00:00").unwrap();
        assert_eq!(
            parse(&v["d"], tz).unwrap().to_rfc3339(),
            "2023-07-01T10:00:00+02:00"
        );
        assert!(parse(&toml::Value::Integer(3), tz).is_err());
        assert!(parse_str("2023-13-45", tz).is_none());
        assert_eq!(iso_date(&d), "2023-01-10");
    }
}
