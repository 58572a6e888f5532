//! Dates as Jekyll reads them: front-matter `date:` values, the date at the start of a
//! post's file name, and the site time zone they are interpreted in.
//!
//! Jekyll parses every date with Ruby's `Time.parse(value.to_s).localtime`, where the
//! local zone is the `timezone:` setting (Jekyll sets `ENV["TZ"]`) or the machine's.
//! This module accepts the forms Ruby's heuristic parser reads in practice, with the
//! results Ruby gives; every expectation in the tests was observed by running Ruby 3.1's
//! `Time.parse` (or a Jekyll 4.3.1 build) with `TZ` set to the zone named in the test.
//!
//! Known differences from Ruby:
//! - Impossible calendar dates are errors here; Ruby rolls them over (`2017-02-30` is
//!   2 March 2017 in Jekyll). A typo in a date is better reported than silently moved.
//! - Dates without a year (`16 Oct`) or without a date (`10:00`) are errors; Ruby fills
//!   them in from the build time, which changes every build.
//! - Military single-letter zones other than `Z` are errors; Ruby applies them.
//! - Ruby ignores zone names it does not know (`CET`, `BST`) and reads the time as
//!   local; so does this module for a trailing word of three to five letters.
//! - YAML itself: Ruby's YAML loader turns an unquoted `2024-03-06 23:30:00` (with
//!   seconds and no offset) into a *UTC* time before Jekyll sees it, so Jekyll dates it
//!   23:30 UTC, not 23:30 local [observed in a Jekyll build]. Callers that want that
//!   quirk must pass such values with a ` UTC` suffix; `2024-03-06 23:30` (no seconds)
//!   and quoted values are plain strings in YAML and read as local time.

use std::sync::LazyLock;

use chrono::{
    DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone,
};
use regex::{Captures, Regex};

/// A timezone setting: Jekyll's `timezone:` (IANA name) or, when unset, the machine's
/// local zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    /// The machine's local zone (no `timezone:` in the config).
    Local,
    /// The zone named by `timezone:`.
    Named(chrono_tz::Tz),
}

/// Why a date or a time zone could not be read. Each message quotes the offending value.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DateError {
    /// The value is not in any date form Jekyll reads.
    #[error(
        "cannot read {value:?} as a date: write it as YYYY-MM-DD, optionally followed by HH:MM or HH:MM:SS and an offset such as +0100, -05:00 or Z"
    )]
    Unrecognised {
        /// The value as given.
        value: String,
    },
    /// The value has a date form but a field is out of range (e.g. `2017-02-30`, `25:00`).
    #[error("{value:?} is not a valid date: {problem}")]
    OutOfRange {
        /// The value as given.
        value: String,
        /// Which field is wrong, e.g. "day 30 does not exist in 2017-02".
        problem: String,
    },
}

impl Zone {
    /// The zone for the typed `timezone:` setting (see [`crate::config::Config::timezone`]):
    /// `None` (unset) is the machine's local zone.
    pub fn of(timezone: Option<chrono_tz::Tz>) -> Zone {
        timezone.map_or(Zone::Local, Zone::Named)
    }

    /// The instant a wall-clock time in this zone denotes, chosen as Ruby's `Time.local`
    /// chooses: an ambiguous time (clocks going back) is the later instant, i.e.
    /// standard time; a time in a gap (clocks going forward) is read with the offset
    /// in force before the gap, so `02:30` on a spring-forward night becomes `03:30`.
    fn resolve_wall_clock(self, wall_clock: NaiveDateTime) -> DateTime<FixedOffset> {
        match self {
            Zone::Local => resolve_in(&Local, wall_clock),
            Zone::Named(tz) => resolve_in(&tz, wall_clock),
        }
    }

    /// The same instant expressed in this zone (file times for the sitemap, too).
    pub fn convert(self, instant: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match self {
            Zone::Local => instant.with_timezone(&Local).fixed_offset(),
            Zone::Named(tz) => instant.with_timezone(&tz).fixed_offset(),
        }
    }
}

/// [`Zone::resolve_wall_clock`] for one concrete chrono time zone.
fn resolve_in<Z: TimeZone>(zone: &Z, wall_clock: NaiveDateTime) -> DateTime<FixedOffset> {
    use chrono::LocalResult;
    match zone.from_local_datetime(&wall_clock) {
        LocalResult::Single(instant) => instant.fixed_offset(),
        LocalResult::Ambiguous(_, later) => later.fixed_offset(),
        LocalResult::None => {
            // A day before the gap is far enough back to see the offset in force
            // before it (transitions are months apart in every zone).
            let before_gap = wall_clock - TimeDelta::days(1);
            let offset_before_gap = zone.offset_from_utc_datetime(&before_gap).fix();
            let instant = (wall_clock - offset_before_gap).and_utc();
            instant.with_timezone(zone).fixed_offset()
        }
    }
}

/// Midnight at the start of `date` in `zone`: the date a post gets from its file name.
/// When midnight falls in a DST gap, Ruby's rule applies (see [`parse_date`]).
pub fn at_midnight(date: NaiveDate, zone: Zone) -> DateTime<FixedOffset> {
    zone.resolve_wall_clock(date.and_time(NaiveTime::MIN))
}

/// Parses a front-matter `date:` value as Jekyll does (Ruby
/// `Time.parse(v.to_s).localtime` in the site zone) and returns it in that zone.
///
/// Accepted: an optional weekday (`Mon,`), then a date as `YYYY-MM-DD` (also `/` or `.`
/// separated, a two-digit year meaning 1969–2068 as in Ruby), `DD-MM-YYYY`,
/// `YYYYMMDD`, `Oct 16, 2017`, `16 October 2017` or `Oct 2017`; then optionally a time
/// `HH:MM[:SS[.fraction]]` after a space or `T`, or `3pm`-style, with `am`/`pm`; then
/// optionally an offset `Z`, `UTC`, `GMT`, `UT`, a US zone (`EST`, `PDT`, …), `+HH`,
/// `+HHMM`, `+HH:MM` or `+HH:MM:SS` right after the time; words after that are ignored,
/// as Ruby does (`2023-01-29 18:30:22 2023 -0800` is 18:30:22 in `zone`). A time without an offset is a wall-clock time in
/// `zone` (DST gaps and overlaps resolved as Ruby does); with an offset it is converted
/// into `zone`.
pub fn parse_date(value: &str, zone: Zone) -> Result<DateTime<FixedOffset>, DateError> {
    let unrecognised = || DateError::Unrecognised {
        value: value.to_owned(),
    };
    let out_of_range = |problem: String| DateError::OutOfRange {
        value: value.to_owned(),
        problem,
    };

    let text = WEEKDAY_PREFIX.replace(value.trim(), "");
    let (date_fields, rest) = split_date(&text).ok_or_else(unrecognised)?;
    let date = date_fields.to_date().map_err(out_of_range)?;
    let captures = TIME_AND_ZONE.captures(rest).ok_or_else(unrecognised)?;
    let wall_clock = wall_clock_time(&captures, date).map_err(out_of_range)?;
    match explicit_offset(&captures).map_err(out_of_range)? {
        None => Ok(zone.resolve_wall_clock(wall_clock)),
        Some(offset) => {
            let instant = offset
                .from_local_datetime(&wall_clock)
                .single()
                .ok_or_else(|| out_of_range("the time is outside the supported range".into()))?;
            Ok(zone.convert(instant))
        }
    }
}

/// The parts of a post file name `YYYY-MM-DD-slug.ext`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostFileName {
    /// The date at the start of the name (a post's date unless front matter sets one;
    /// see [`at_midnight`]).
    pub date: NaiveDate,
    /// The part between the date and the extension, with trailing dots removed.
    pub slug: String,
    /// The extension including its dot, e.g. `.md`.
    pub ext: String,
}

/// Splits a post file name (or a path: only the part after the last `/` is used) with
/// Jekyll's post pattern `^(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$`.
///
/// `Ok(None)` means the name is not a post's and Jekyll ignores the file. A name that
/// matches but whose date does not exist (`2017-13-01-x.md`) is an error: Jekyll fails
/// the build on a month 13, and rolls a day 30 of February over into March, which this
/// module reports instead (see the module notes).
pub fn split_post_filename(file_name: &str) -> Result<Option<PostFileName>, DateError> {
    static POST_FILE_NAME: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            r"^(?<year>\d{2,4})-(?<month>\d{1,2})-(?<day>\d{1,2})-(?<slug>[^/]*)(?<ext>\.[^.]+)$",
        )
    });
    let base_name = file_name.rsplit('/').next().unwrap_or(file_name);
    let Some(captures) = POST_FILE_NAME.captures(base_name) else {
        return Ok(None);
    };
    let date = DateFields::from_captures(&captures)
        .to_date()
        .map_err(|problem| DateError::OutOfRange {
            value: base_name.to_owned(),
            problem,
        })?;
    Ok(Some(PostFileName {
        date,
        slug: captures["slug"].trim_end_matches('.').to_owned(),
        ext: captures["ext"].to_owned(),
    }))
}

/// Compiles one of this module's constant patterns.
fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("date patterns are valid regexes")
}

/// A leading weekday name, which Ruby accepts and ignores: `Mon, `, `Wednesday `.
static WEEKDAY_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*"));

/// Month names as Ruby reads them: three-letter abbreviations or full names.
const MONTH_NAME: &str = r"(?<month_name>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?";

/// The date forms, tried in order; each is anchored at the start and leaves the rest
/// of the text for the time and offset (which must start with a separator, so digits
/// glued to a date are rejected there).
static DATE_FORMS: LazyLock<[Regex; 5]> = LazyLock::new(|| {
    [
        // 06-03-2024, 16/10/2017, 06.03.2024: day first when the year comes last.
        compile(r"^(?<day>\d{1,2})[-/.](?<month>\d{1,2})[-/.](?<year>\d{4})"),
        // 2024-03-06, 24-1-5, 2017/10/16, 2024.03.06
        compile(r"^(?<year>\d{2,4})[-/.](?<month>\d{1,2})[-/.](?<day>\d{1,2})"),
        // 20240306
        compile(r"^(?<year>\d{4})(?<month>\d{2})(?<day>\d{2})"),
        // Oct 16, 2017 / March 6th, 2024 / Oct 2017
        compile(&format!(
            r"(?i)^{MONTH_NAME}\s*(?:(?<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?<year>\d{{4}})"
        )),
        // 16 October 2017 / 6th March 2024
        compile(&format!(
            r"(?i)^(?<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH_NAME},?\s+(?<year>\d{{4}})"
        )),
    ]
});

/// What may follow the date: an optional time, then an optional offset or zone name.
static TIME_AND_ZONE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?ix)^
        (?:(?:\s+|\s*T|\s*,\s*)
           (?<hour>\d{1,2})
           (?: :(?<minute>\d{1,2}) (?: :(?<second>\d{1,2}) (?:[.,](?<fraction>\d+))? )? )?
           \s*(?:(?<meridian>[ap])\.?m\.?)?
        )?
        \s*
        (?:
            (?<utc>z|utc|gmt|ut)
          | (?<us_zone>[ecmp][sd]t)
          | (?<sign>[-+])(?<offset_hours>\d{2})(?::?(?<offset_minutes>\d{2})(?::?(?<offset_seconds>\d{2}))?)?
          | (?<unknown_zone>[a-z]{3,5})
        )?
        \s*
        # Ruby's Date._parse ignores what follows (a repeated year, a word).
        (?:\s.*)?$",
    )
});

/// Year, month and day as written, before calendar validation.
struct DateFields {
    year: i32,
    month: u32,
    day: u32,
}

impl DateFields {
    /// Reads the `year`, `month` and `day` groups of a date form (all one to four
    /// digits). A missing day is the 1st; a missing month (0) is filled in by the
    /// caller from the month name. A two-digit year is 1969–2068, as in Ruby (`69-1-5`
    /// is 1969, `68-1-5` is 2068).
    fn from_captures(captures: &Captures) -> DateFields {
        let number = |name: &str| {
            captures.name(name).map(|digits| {
                digits
                    .as_str()
                    .parse::<u16>()
                    .expect("date groups are one to four digits")
            })
        };
        let written_year = i32::from(number("year").unwrap_or(0));
        let year = match (captures["year"].len(), written_year) {
            (2, 69..) => 1900 + written_year,
            (2, _) => 2000 + written_year,
            _ => written_year,
        };
        DateFields {
            year,
            month: number("month").map_or(0, u32::from),
            day: number("day").map_or(1, u32::from),
        }
    }

    /// The calendar date, or a description of the field that is out of range.
    fn to_date(&self) -> Result<NaiveDate, String> {
        let DateFields { year, month, day } = *self;
        if !(1..=12).contains(&month) {
            return Err(format!("month {month} does not exist"));
        }
        NaiveDate::from_ymd_opt(year, month, day)
            .ok_or_else(|| format!("day {day} does not exist in {year:04}-{month:02}"))
    }
}

/// Finds the date at the start of `text`, returning its fields and the rest of the text.
fn split_date(text: &str) -> Option<(DateFields, &str)> {
    DATE_FORMS.iter().find_map(|form| {
        let captures = form.captures(text)?;
        let mut fields = DateFields::from_captures(&captures);
        if let Some(name) = captures.name("month_name") {
            fields.month = month_from_name(name.as_str());
        }
        Some((fields, &text[captures.get(0)?.end()..]))
    })
}

/// 1–12 for a month name matched by [`MONTH_NAME`] (its first three letters decide).
fn month_from_name(name: &str) -> u32 {
    const ABBREVIATIONS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3).unwrap_or(name).to_ascii_lowercase();
    ABBREVIATIONS
        .iter()
        .position(|abbreviation| *abbreviation == prefix)
        .map_or(0, |index| index as u32 + 1)
}

/// The wall-clock date and time from the date and the [`TIME_AND_ZONE`] captures
/// (midnight when there is no time). Like Ruby, `24:00:00` is midnight of the next day
/// and second 60 rolls over into the next minute.
fn wall_clock_time(captures: &Captures, date: NaiveDate) -> Result<NaiveDateTime, String> {
    let field = |name: &str| -> Result<i64, String> {
        captures.name(name).map_or(Ok(0), |m| {
            m.as_str()
                .parse()
                .map_err(|_| format!("{name} {:?} is too long", m.as_str()))
        })
    };
    let (mut hour, minute, second) = (field("hour")?, field("minute")?, field("second")?);
    if let Some(meridian) = captures.name("meridian") {
        // Ruby: the hour is taken modulo 12, plus 12 after noon (`12am` is 0, `3pm` 15).
        hour = hour % 12
            + if meridian.as_str().eq_ignore_ascii_case("p") {
                12
            } else {
                0
            };
    }
    if hour > 24 || (hour == 24 && minute + second > 0) {
        return Err(format!("hour {hour} does not exist"));
    }
    if minute > 59 {
        return Err(format!("minute {minute} does not exist"));
    }
    if second > 60 {
        return Err(format!("second {second} does not exist"));
    }
    let nanoseconds = captures.name("fraction").map_or(0, |digits| {
        // Ruby keeps nanoseconds and drops further digits.
        let nine_digits = format!("{:0<9.9}", digits.as_str());
        nine_digits.parse().unwrap_or(0)
    });
    Ok(date.and_time(NaiveTime::MIN)
        + TimeDelta::hours(hour)
        + TimeDelta::minutes(minute)
        + TimeDelta::seconds(second)
        + TimeDelta::nanoseconds(nanoseconds))
}

/// The explicit offset from [`TIME_AND_ZONE`], or `None` when the time is a wall-clock
/// time in the site zone (no zone, or a zone name Ruby does not know).
fn explicit_offset(captures: &Captures) -> Result<Option<FixedOffset>, String> {
    let seconds_east = if captures.name("utc").is_some() {
        0
    } else if let Some(us_zone) = captures.name("us_zone") {
        us_zone_offset_seconds(us_zone.as_str())
    } else if let Some(sign) = captures.name("sign") {
        let field = |name: &str| {
            captures
                .name(name)
                .map_or(0, |m| m.as_str().parse().unwrap_or(0))
        };
        let (hours, minutes, seconds) = (
            field("offset_hours"),
            field("offset_minutes"),
            field("offset_seconds"),
        );
        if hours > 23 || minutes > 59 || seconds > 59 {
            return Err(format!(
                "offset {sign}{hours:02}:{minutes:02} is not between -23:59 and +23:59",
                sign = sign.as_str()
            ));
        }
        let magnitude = hours * 3600 + minutes * 60 + seconds;
        if sign.as_str() == "-" {
            -magnitude
        } else {
            magnitude
        }
    } else {
        return Ok(None);
    };
    Ok(FixedOffset::east_opt(seconds_east))
}

/// The UTC offset of a US zone abbreviation matched by `[ecmp][sd]t`, as Ruby's `Time`
/// knows them: Eastern −5, Central −6, Mountain −7, Pacific −8, one hour more in
/// daylight time.
fn us_zone_offset_seconds(abbreviation: &str) -> i32 {
    let lower = abbreviation.to_ascii_lowercase();
    let standard_hours = match lower.as_bytes().first() {
        Some(b'e') => -5,
        Some(b'c') => -6,
        Some(b'm') => -7,
        _ => -8,
    };
    let daylight = i32::from(lower.as_bytes().get(1) == Some(&b'd'));
    (standard_hours + daylight) * 3600
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> Zone {
        Zone::Named(name.parse().unwrap())
    }

    /// `parse_date` rendered as Ruby's `strftime("%Y-%m-%d %H:%M:%S %z")`.
    fn parsed(value: &str, zone_name: &str) -> String {
        parse_date(value, zone(zone_name))
            .unwrap_or_else(|e| panic!("{value:?}: {e}"))
            .format("%Y-%m-%d %H:%M:%S %z")
            .to_string()
    }

    #[test]
    fn documented_forms_match_ruby_time_parse() {
        // Observed: TZ=America/New_York ruby -rtime -e 'puts Time.parse(v).localtime'
        let new_york = [
            ("2024-03-06", "2024-03-06 00:00:00 -0500"),
            ("2024-03-06 23:30", "2024-03-06 23:30:00 -0500"),
            ("2024-03-06 23:30:15", "2024-03-06 23:30:15 -0500"),
            ("2024-03-06 23:30 +0100", "2024-03-06 17:30:00 -0500"),
            ("2024-03-06 23:30 -05:00", "2024-03-06 23:30:00 -0500"),
            ("2024-03-06 23:30 +01", "2024-03-06 17:30:00 -0500"),
            ("2024-03-06 23:30:00 +0530", "2024-03-06 13:00:00 -0500"),
            ("2024-03-06T23:30:00Z", "2024-03-06 18:30:00 -0500"),
            ("2024-03-06T23:30", "2024-03-06 23:30:00 -0500"),
            ("2024-03-06 23:30:00 UTC", "2024-03-06 18:30:00 -0500"),
            ("2024-03-06 23:30 GMT", "2024-03-06 18:30:00 -0500"),
            ("2024-03-06 23:30 EST", "2024-03-06 23:30:00 -0500"),
            ("2024-03-06 23:30 PST", "2024-03-07 02:30:00 -0500"),
            ("2024-03-06 23:30 CET", "2024-03-06 23:30:00 -0500"),
            ("2017-10-16 10:00:00 -0400", "2017-10-16 10:00:00 -0400"),
            (
                "Mon, 16 Oct 2017 10:00:00 +0000",
                "2017-10-16 06:00:00 -0400",
            ),
            ("Oct 16, 2017", "2017-10-16 00:00:00 -0400"),
            ("October 16, 2017", "2017-10-16 00:00:00 -0400"),
            ("16 October 2017 10:00", "2017-10-16 10:00:00 -0400"),
            ("2017/10/16", "2017-10-16 00:00:00 -0400"),
            ("16/10/2017", "2017-10-16 00:00:00 -0400"),
            ("2024-1-5", "2024-01-05 00:00:00 -0500"),
            ("24-1-5", "2024-01-05 00:00:00 -0500"),
            ("68-1-5", "2068-01-05 00:00:00 -0500"),
            ("69-1-5", "1969-01-05 00:00:00 -0500"),
            ("99-1-5", "1999-01-05 00:00:00 -0500"),
            ("20240306", "2024-03-06 00:00:00 -0500"),
            ("2024-03-06 12:00 pm", "2024-03-06 12:00:00 -0500"),
            ("2024-03-06 24:00", "2024-03-07 00:00:00 -0500"),
        ];
        for (value, expected) in new_york {
            assert_eq!(parsed(value, "America/New_York"), expected, "{value:?}");
        }
        // Observed with TZ=UTC.
        let utc = [
            ("2024-03-06 23:30 -0500", "2024-03-07 04:30:00 +0000"),
            ("2024-03-06 10:00 EDT", "2024-03-06 14:00:00 +0000"),
            ("2024-03-06 10:00 z", "2024-03-06 10:00:00 +0000"),
            ("2024-03-06 10:00 utc", "2024-03-06 10:00:00 +0000"),
            ("2024-03-06 10:00 +1400", "2024-03-05 20:00:00 +0000"),
            ("2024-03-06 10:00:00 +01:00:30", "2024-03-06 08:59:30 +0000"),
            ("2024-03-06T10:00:00+0100", "2024-03-06 09:00:00 +0000"),
            ("2024-03-06 10:00:60", "2024-03-06 10:01:00 +0000"),
            ("Oct 2017", "2017-10-01 00:00:00 +0000"),
            ("Oct. 16, 2017", "2017-10-16 00:00:00 +0000"),
            ("Oct 16 2017", "2017-10-16 00:00:00 +0000"),
            ("16 Oct. 2017", "2017-10-16 00:00:00 +0000"),
            ("Wednesday, March 6, 2024", "2024-03-06 00:00:00 +0000"),
            ("March 6th, 2024", "2024-03-06 00:00:00 +0000"),
            ("6th March 2024 3pm", "2024-03-06 15:00:00 +0000"),
            ("2024-03-06 3pm", "2024-03-06 15:00:00 +0000"),
            ("2024-03-06 12am", "2024-03-06 00:00:00 +0000"),
            ("2024-03-06 13:00 pm", "2024-03-06 13:00:00 +0000"),
            ("2024-3-6 9:05:07", "2024-03-06 09:05:07 +0000"),
            ("2024-03-06 1:5", "2024-03-06 01:05:00 +0000"),
            ("  2024-03-06  ", "2024-03-06 00:00:00 +0000"),
            ("Sat, 2024-03-06", "2024-03-06 00:00:00 +0000"),
            ("2024.03.06", "2024-03-06 00:00:00 +0000"),
            ("06.03.2024", "2024-03-06 00:00:00 +0000"),
            ("06-03-2024", "2024-03-06 00:00:00 +0000"),
            ("0099-01-01", "0099-01-01 00:00:00 +0000"),
            ("1900-01-01", "1900-01-01 00:00:00 +0000"),
        ];
        for (value, expected) in utc {
            assert_eq!(parsed(value, "UTC"), expected, "{value:?}");
        }
    }

    #[test]
    fn fractional_seconds_keep_nanoseconds() {
        // Ruby: "2024-03-06T23:30:00.123+02:00" → 16:30:00.123000000 -0500 (New York),
        // "…10:00:00.123456789123 +0000" → .123456789, "…T10:00:00,5Z" → .500000000.
        let fraction = |value: &str, zone_name: &str| {
            parse_date(value, zone(zone_name))
                .unwrap()
                .format("%H:%M:%S%.9f %z")
                .to_string()
        };
        assert_eq!(
            fraction("2024-03-06T23:30:00.123+02:00", "America/New_York"),
            "16:30:00.123000000 -0500"
        );
        assert_eq!(
            fraction("2024-03-06 10:00:00.123456789123 +0000", "UTC"),
            "10:00:00.123456789 +0000"
        );
        assert_eq!(
            fraction("2024-03-06T10:00:00,5Z", "UTC"),
            "10:00:00.500000000 +0000"
        );
        assert_eq!(
            fraction("2024-03-06 12:00:00.5", "UTC"),
            "12:00:00.500000000 +0000"
        );
    }

    #[test]
    fn dst_gaps_and_overlaps_resolve_as_ruby_does() {
        // Observed with TZ set to each zone: the gap moves forward by its length, the
        // overlap picks standard time (the later instant).
        assert_eq!(
            parsed("2024-03-10 02:30", "America/New_York"),
            "2024-03-10 03:30:00 -0400"
        );
        assert_eq!(
            parsed("2024-11-03 01:30", "America/New_York"),
            "2024-11-03 01:30:00 -0500"
        );
        assert_eq!(
            parsed("2024-03-31 02:30", "Europe/Berlin"),
            "2024-03-31 03:30:00 +0200"
        );
        assert_eq!(
            parsed("2024-10-27 02:30", "Europe/Berlin"),
            "2024-10-27 02:30:00 +0100"
        );
        assert_eq!(
            parsed("2024-04-07 01:45", "Australia/Lord_Howe"),
            "2024-04-07 01:45:00 +1030"
        );
    }

    #[test]
    fn impossible_or_unreadable_dates_are_errors_that_quote_the_value() {
        let out_of_range = [
            "2017-13-01",
            "2017-02-30",
            "2017-02-29",
            "2024-03-06 25:00",
            "2024-03-06 23:60",
            "2024-03-06 24:30",
            "2024-03-06 10:00 +2500",
            "12/25/2024",
        ];
        for value in out_of_range {
            let error = parse_date(value, Zone::Local).unwrap_err();
            assert!(
                matches!(error, DateError::OutOfRange { .. }),
                "{value:?}: {error:?}"
            );
            assert!(error.to_string().contains(value), "{error}");
        }
        let unreadable = [
            "",
            "garbage",
            "2017",
            "16 Oct",
            "10:00",
            "2024-03-067",
            "Octo 16, 2017",
        ];
        for value in unreadable {
            let error = parse_date(value, Zone::Local).unwrap_err();
            assert_eq!(
                error,
                DateError::Unrecognised {
                    value: value.to_owned()
                }
            );
        }
        assert_eq!(
            parse_date("2017-02-30", Zone::Local)
                .unwrap_err()
                .to_string(),
            "\"2017-02-30\" is not a valid date: day 30 does not exist in 2017-02"
        );
    }

    #[test]
    fn words_after_the_time_are_ignored_as_ruby_does() {
        // Observed: TZ=America/Los_Angeles ruby -rtime -e 'p Time.parse(v)'
        let los_angeles = [
            (
                "2023-01-29 18:30:22 2023 -0800",
                "2023-01-29 18:30:22 -0800",
            ),
            (
                "2023-01-29 18:30:22 2023 +0300",
                "2023-01-29 18:30:22 -0800",
            ),
            ("2023-01-29 18:30:22 +0300 foo", "2023-01-29 07:30:22 -0800"),
            (
                "2023-01-29 18:30 whatever text",
                "2023-01-29 18:30:00 -0800",
            ),
            ("2023-01-29 garbage", "2023-01-29 00:00:00 -0800"),
            ("2023-01-29 2023", "2023-01-29 00:00:00 -0800"),
            ("2023-01-29 10", "2023-01-29 10:00:00 -0800"),
            ("2023-01-29 10:00 UTC+3", "2023-01-29 10:00:00 -0800"),
        ];
        for (value, expected) in los_angeles {
            assert_eq!(parsed(value, "America/Los_Angeles"), expected, "{value:?}");
        }
    }

    #[test]
    fn zone_comes_from_the_timezone_setting() {
        assert_eq!(Zone::of(None), Zone::Local);
        assert_eq!(
            Zone::of(Some(chrono_tz::Europe::Berlin)),
            Zone::Named(chrono_tz::Europe::Berlin)
        );
    }

    #[test]
    fn local_zone_reads_wall_clock_and_converts_offsets() {
        let wall_clock = parse_date("2024-03-06 23:30", Zone::Local).unwrap();
        assert_eq!(
            wall_clock.format("%Y-%m-%d %H:%M").to_string(),
            "2024-03-06 23:30"
        );
        let converted = parse_date("2024-03-06 23:30 -0500", Zone::Local).unwrap();
        assert_eq!(converted.to_utc().to_rfc3339(), "2024-03-07T04:30:00+00:00");
    }

    #[test]
    fn post_file_names_split_like_jekyll() {
        let post = |date: (i32, u32, u32), slug: &str, ext: &str| {
            Ok(Some(PostFileName {
                date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
                slug: slug.to_owned(),
                ext: ext.to_owned(),
            }))
        };
        assert_eq!(
            split_post_filename("2024-01-05-Mixed_Case.Post.md"),
            post((2024, 1, 5), "Mixed_Case.Post", ".md")
        );
        // Jekyll build: `2021-01-03-weird...md` has slug "weird".
        assert_eq!(
            split_post_filename("2021-01-03-weird...md"),
            post((2021, 1, 3), "weird", ".md")
        );
        assert_eq!(
            split_post_filename("_posts/es/2024-1-5-hola.markdown"),
            post((2024, 1, 5), "hola", ".markdown")
        );
        assert_eq!(
            split_post_filename("24-1-5-short.html"),
            post((2024, 1, 5), "short", ".html")
        );
        for not_a_post in [
            "about.md",
            "2024-01-05.md",
            "2024-01-05-no-extension",
            "12345-01-05-x.md",
            "2024-01-05-x.",
            "draft-2024-01-05-x.md",
        ] {
            assert_eq!(split_post_filename(not_a_post), Ok(None), "{not_a_post:?}");
        }
        assert!(matches!(
            split_post_filename("2017-13-01-x.md"),
            Err(DateError::OutOfRange { .. })
        ));
    }

    #[test]
    fn midnight_is_resolved_in_the_site_zone() {
        let date = NaiveDate::from_ymd_opt(2024, 3, 6).unwrap();
        assert_eq!(
            at_midnight(date, zone("America/New_York")).to_rfc3339(),
            "2024-03-06T00:00:00-05:00"
        );
        assert_eq!(
            at_midnight(date, zone("Asia/Kolkata")).to_rfc3339(),
            "2024-03-06T00:00:00+05:30"
        );
        // Sao Paulo sprang forward at midnight on 2018-11-04; Ruby gives 01:00 -02:00.
        let gap_day = NaiveDate::from_ymd_opt(2018, 11, 4).unwrap();
        assert_eq!(
            at_midnight(gap_day, zone("America/Sao_Paulo")).to_rfc3339(),
            "2018-11-04T01:00:00-02:00"
        );
    }
}
