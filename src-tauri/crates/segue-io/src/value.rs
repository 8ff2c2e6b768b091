//! Values as files write them: whole numbers, counts, dates and times, read from text.
//!
//! Every table format reaches the readers as text (Parquet values are rendered to text by the
//! table layer), so each kind of value is parsed in one place, here, whatever file it came from.
//! Dates are proleptic Gregorian and times UTC; the day arithmetic is Howard Hinnant's
//! `days_from_civil` and `civil_from_days` (<https://howardhinnant.github.io/date_algorithms.html>),
//! exact for every date a file can hold, with no calendar crate to pull in.

/// A value as importers read it: trimmed, and empty when it is exactly `NA`, which is how R (and
/// the files it writes, spotify-songs among them) spells a missing value.
pub(crate) fn cell(value: &str) -> &str {
    match value.trim() {
        "NA" => "",
        value => value,
    }
}

/// Reads a whole number, also when written with a zero fraction (`194754.0`), as spreadsheets and
/// pandas write integer columns that had a missing value.
pub(crate) fn whole_number(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().or_else(|| {
        let value: f64 = text.parse().ok()?;
        (value.is_finite() && value.fract() == 0.0 && value.abs() < 1e15).then_some(value as i64)
    })
}

/// Reads a number as Segue stores numbers, a 32-bit float: `inf`, `NaN` and numbers beyond
/// ±3.4e38 (which a 32-bit float would hold as infinity) are refused, with the text as written.
/// The error is the message for the editor.
pub(crate) fn finite_f32(text: &str) -> Result<f32, String> {
    let Ok(value) = text.parse::<f64>() else { return Err(format!("\"{text}\" is not a number")) };
    if value.is_nan() || (value.is_infinite() && !text.chars().any(|c| c.is_ascii_digit())) {
        return Err(format!("\"{text}\" is not a finite number"));
    }
    if value.is_infinite() || value.abs() > f64::from(f32::MAX) {
        return Err(format!("{text} is too large: numbers are stored as 32-bit floats, at most about 3.4e38"));
    }
    Ok(value as f32)
}

/// Reads a count: a finite number from 0 up (fractions allowed, as weights have them). The error
/// is the message for the editor.
pub(crate) fn count(text: &str) -> Result<f32, String> {
    match finite_f32(text)? {
        v if v < 0.0 => Err(format!("{text} is negative; a count is 0 or more")),
        v => Ok(v),
    }
}

/// Writes a float read from a typed file (JSON, Parquet) as text: as Rust prints it, in
/// exponent form from 1e21 up (where JavaScript switches too), so that `1e308` is not written
/// out as 309 digits and an error about it quotes a number the editor recognises.
/// A 32-bit float is written as its own shortest form (`0.1`, not the 64-bit `0.10000000149…`).
pub(crate) fn write_float<T>(out: &mut String, value: T) -> std::fmt::Result
where
    T: Copy + Into<f64> + std::fmt::Display + std::fmt::LowerExp,
{
    use std::fmt::Write;
    let wide: f64 = value.into();
    if wide.is_finite() && wide.abs() >= 1e21 {
        write!(out, "{value:e}")
    } else {
        write!(out, "{value}")
    }
}

/// The number of days from 1970-01-01 to a date of the proleptic Gregorian calendar.
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date (year, month, day) that is `days` days after 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 9999-12-31T23:59:59Z: later "seconds" are almost surely milliseconds or microseconds.
const LAST_SECOND: i64 = 253_402_300_799;

/// What a timestamp may be written as, for error messages.
const TIMESTAMP_FORMS: &str =
    "Unix seconds or a date and time such as 2024-05-01T12:00:00Z, 2024-05-01 12:00:00 or 2024-05-01";

/// Reads a point in time as Unix seconds (UTC): whole or decimal Unix seconds, or an ISO 8601 /
/// RFC 3339 date with an optional time (`T` or a space between) and an optional offset (`Z`,
/// `+02:00`, `+0200`, `+02`). A time without an offset is taken as UTC; fractions of a second are
/// dropped. The error is the message for the editor.
pub(crate) fn unix_seconds(text: &str) -> Result<i64, String> {
    let numeric = text.trim_start_matches(['+', '-']).starts_with(|c: char| c.is_ascii_digit());
    if numeric {
        if let Ok(seconds) = text.parse::<i64>() {
            return within_range(text, seconds);
        }
        if let Ok(seconds) = text.parse::<f64>() {
            let floored = if seconds.abs() <= LAST_SECOND as f64 { seconds.floor() as i64 } else { i64::MAX };
            return within_range(text, floored);
        }
    }
    date_time(text).ok_or_else(|| format!("\"{text}\" is not a timestamp: write {TIMESTAMP_FORMS}"))
}

fn within_range(text: &str, seconds: i64) -> Result<i64, String> {
    if seconds.abs() > LAST_SECOND {
        return Err(format!("{text} is too large for Unix seconds (it falls after the year 9999); is it in milliseconds?"));
    }
    Ok(seconds)
}

/// Parses `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH[:MM]]` into Unix seconds.
fn date_time(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        part.iter().all(u8::is_ascii_digit).then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !(1..=12).contains(&month) {
        return None;
    }
    if day == 0 || day > days_in_month(i64::from(year), month) {
        return None;
    }
    let mut seconds = days_from_civil(i64::from(year), month, day) * 86_400;
    let mut rest = &b[10..];
    if let [b'T' | b't' | b' ', time @ ..] = rest {
        let hour = digits(11..13)?;
        let minute = if time.get(2) == Some(&b':') { digits(14..16)? } else { return None };
        rest = &b[16..];
        let mut second = 0;
        if let [b':', ..] = rest {
            second = digits(17..19)?;
            rest = &b[19..];
            if let [b'.' | b',', fraction @ ..] = rest {
                let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
                if n == 0 {
                    return None;
                }
                rest = &fraction[n..];
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        seconds += i64::from(hour * 3600 + minute * 60 + second);
    }
    let offset = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), zone @ ..] => {
            let two = |i: usize| {
                let pair = zone.get(i..i + 2).filter(|p| p.iter().all(u8::is_ascii_digit))?;
                Some(i64::from((pair[0] - b'0') * 10 + (pair[1] - b'0')))
            };
            let (hours, minutes) = match zone.len() {
                2 => (two(0)?, 0),
                4 => (two(0)?, two(2)?),
                5 if zone[2] == b':' => (two(0)?, two(3)?),
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3600 + minutes * 60;
            if *sign == b'+' { offset } else { -offset }
        }
        _ => return None,
    };
    Some(seconds - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_over_four_centuries_and_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(civil_from_days(19_844), (2024, 5, 1));
        for days in (-200_000..200_000).step_by(37) {
            let (y, m, d) = civil_from_days(days);
            assert!(d >= 1 && d <= days_in_month(y, m));
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn timestamps_in_every_accepted_form() {
        let noon = 1_714_564_800; // 2024-05-01T12:00:00Z
        let midnight = noon - 12 * 3600;
        for (text, want) in [
            ("1714564800", noon),
            ("1714564800.9", noon),
            ("-1", -1),
            ("0", 0),
            ("2024-05-01T12:00:00Z", noon),
            ("2024-05-01t12:00:00z", noon),
            ("2024-05-01 12:00:00", noon),
            ("2024-05-01T12:00", noon),
            ("2024-05-01T12:00:00.123456Z", noon),
            ("2024-05-01T14:00:00+02:00", noon),
            ("2024-05-01T07:30:00-0430", noon),
            ("2024-05-01T14:00:00+02", noon),
            ("2024-05-01", midnight),
            ("2024-05-01Z", midnight),
            ("2024-02-29", days_from_civil(2024, 2, 29) * 86_400),
            ("1969-12-31T23:59:59Z", -1),
        ] {
            assert_eq!(unix_seconds(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn impossible_or_foreign_timestamps_are_errors() {
        for text in [
            "", "yesterday", "2024-13-01", "2023-02-29", "2024-04-31", "2024-05-01T24:00:00", "2024-05-01T12:60",
            "2024-05-01T12", "2024-05-01T12:00:00.Z", "2024-05-01T12:00:00+25:00", "2024-05-01 noon", "01/05/2024",
            "2024-5-1", "1714564800abc", "NaN", "inf",
        ] {
            let e = unix_seconds(text).unwrap_err();
            assert!(e.contains("is not a timestamp"), "{text}: {e}");
        }
        let e = unix_seconds("1714564800000").unwrap_err();
        assert!(e.contains("is it in milliseconds?"), "{e}");
    }

    #[test]
    fn counts_and_whole_numbers() {
        assert_eq!(count("3"), Ok(3.0));
        assert_eq!(count("2.5"), Ok(2.5));
        assert_eq!(count("1e3"), Ok(1000.0));
        assert_eq!(count("0"), Ok(0.0));
        assert_eq!(count("-1").unwrap_err(), "-1 is negative; a count is 0 or more");
        assert_eq!(count("many").unwrap_err(), "\"many\" is not a number");
        assert_eq!(count("-0"), Ok(0.0));
        assert_eq!(whole_number("194754.0"), Some(194_754));
        assert_eq!(whole_number("1.5"), None);
    }

    #[test]
    fn numbers_beyond_a_32_bit_float_or_not_finite_are_refused_as_written() {
        assert_eq!(finite_f32("3.4e38"), Ok(3.4e38));
        assert_eq!(finite_f32("-3.4e38"), Ok(-3.4e38));
        assert_eq!(finite_f32("1e-50"), Ok(0.0));
        for text in ["1e308", "3.5e38", "-1e39", "1e400", "-1e999"] {
            let e = finite_f32(text).unwrap_err();
            assert_eq!(e, format!("{text} is too large: numbers are stored as 32-bit floats, at most about 3.4e38"));
            assert!(count(text).is_err());
        }
        for text in ["inf", "-inf", "Infinity", "NaN", "nan", "-NaN"] {
            assert_eq!(finite_f32(text).unwrap_err(), format!("\"{text}\" is not a finite number"), "{text}");
            assert!(count(text).is_err());
        }
        assert_eq!(count("1e300").unwrap_err(), "1e300 is too large: numbers are stored as 32-bit floats, at most about 3.4e38");
    }

    #[test]
    fn floats_from_typed_files_are_written_as_editors_recognise_them() {
        let text = |v: f64| {
            let mut out = String::new();
            write_float(&mut out, v).unwrap();
            out
        };
        assert_eq!(text(0.5), "0.5");
        assert_eq!(text(120.0), "120");
        assert_eq!(text(1e308), "1e308");
        assert_eq!(text(-2.5e30), "-2.5e30");
        assert_eq!(text(f64::NAN), "NaN");
        assert_eq!(text(f64::INFINITY), "inf");
        let mut out = String::new();
        write_float(&mut out, 0.1_f32).unwrap();
        assert_eq!(out, "0.1");
    }
}
