//! Ruby's `Time#strftime`, which Jekyll's `date` filters use: chrono's strftime lacks
//! some of Ruby's directives (`%N`, `%L`, `%v`), its flags (`^` upcase, `#`
//! change case, `_`/`0`/`-` padding) and widths (`%10A`, `%3N`), and it refuses an
//! unknown directive where Ruby prints it as written.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

/// One directive's modifiers: `%-d`, `%_5H`, `%^b`, `%#p`, `%::z`.
#[derive(Debug, Default, Clone, Copy)]
struct Modifiers {
    /// `-`: no padding.
    unpadded: bool,
    /// `_` (spaces) or `0` (zeros) instead of the directive's own padding.
    pad: Option<char>,
    /// `^`: upper case.
    upcase: bool,
    /// `#`: the other case.
    swapcase: bool,
    /// Digits after the flags.
    width: Option<usize>,
    /// `:`s before `z`.
    colons: usize,
}

/// Formats `date` as Ruby's `strftime(format)` does; a format ending in a lone `%`
/// is Ruby's "invalid format" error.
pub fn ruby_strftime(date: &DateTime<FixedOffset>, format: &str) -> Result<String, String> {
    let mut output = String::with_capacity(format.len() + 16);
    let mut rest = format;
    while let Some(percent) = rest.find('%') {
        output.push_str(&rest[..percent]);
        let directive = &rest[percent..];
        let (modifiers, consumed) = read_modifiers(&directive[1..]);
        let Some(conversion) = directive[1 + consumed..].chars().next() else {
            return Err(format!("invalid date format `{format}`"));
        };
        let length = 1 + consumed + conversion.len_utf8();
        match convert(date, conversion, modifiers) {
            Some(text) => output.push_str(&text),
            None => output.push_str(&directive[..length]),
        }
        rest = &directive[length..];
    }
    output.push_str(rest);
    Ok(output)
}

/// A format made only of known directives, which cannot fail.
fn composite(date: &DateTime<FixedOffset>, format: &str) -> String {
    ruby_strftime(date, format).unwrap_or_default()
}

/// Reads the flags, width and colons after `%`; returns them and their byte length.
fn read_modifiers(text: &str) -> (Modifiers, usize) {
    let mut modifiers = Modifiers::default();
    let mut consumed = 0;
    for character in text.chars() {
        match character {
            '-' => modifiers.unpadded = true,
            '_' => modifiers.pad = Some(' '),
            '0' if modifiers.width.is_none() => modifiers.pad = Some('0'),
            '^' => modifiers.upcase = true,
            '#' => modifiers.swapcase = true,
            ':' => modifiers.colons += 1,
            digit @ '0'..='9' => {
                let value = digit.to_digit(10).unwrap_or(0) as usize;
                modifiers.width = Some(modifiers.width.unwrap_or(0) * 10 + value);
            }
            _ => break,
        }
        consumed += character.len_utf8();
    }
    (modifiers, consumed)
}

/// A number padded to `width` with `pad`, unless the directive says otherwise.
fn number(value: i64, width: usize, pad: char, modifiers: Modifiers) -> String {
    let digits = value.unsigned_abs().to_string();
    let sign = if value < 0 { "-" } else { "" };
    if modifiers.unpadded {
        return format!("{sign}{digits}");
    }
    let width = modifiers.width.unwrap_or(width);
    let pad = modifiers.pad.unwrap_or(pad);
    let fill = width.saturating_sub(digits.len() + sign.len());
    if pad == '0' {
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{sign}{digits}", " ".repeat(fill))
    }
}

/// A word (day, month, am/pm) with the case flags and width applied.
fn word(text: &str, modifiers: Modifiers, swapped_is_lower: bool) -> String {
    let cased = if modifiers.upcase || (modifiers.swapcase && !swapped_is_lower) {
        text.to_uppercase()
    } else if modifiers.swapcase {
        text.to_lowercase()
    } else {
        text.to_string()
    };
    let fill = modifiers
        .width
        .unwrap_or(0)
        .saturating_sub(cased.chars().count());
    let pad = if modifiers.pad == Some('0') { "0" } else { " " };
    format!("{}{cased}", pad.repeat(fill))
}

/// The fraction of the second as `digits` digits (`%L` is 3, `%N` 9), cut, not rounded.
fn fraction(date: &DateTime<FixedOffset>, digits: usize) -> String {
    let nanos = format!("{:09}", date.nanosecond() % 1_000_000_000);
    if digits <= 9 {
        nanos[..digits].to_string()
    } else {
        format!("{nanos}{}", "0".repeat(digits - 9))
    }
}

/// The UTC offset as `+hhmm`, with `colons` as in `%:z` and `%::z`.
fn offset(date: &DateTime<FixedOffset>, colons: usize) -> String {
    let seconds = date.offset().local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.unsigned_abs();
    let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match colons {
        0 => format!("{sign}{hours:02}{minutes:02}"),
        1 => format!("{sign}{hours:02}:{minutes:02}"),
        _ => format!("{sign}{hours:02}:{minutes:02}:{rest:02}"),
    }
}

/// One directive's text, `None` for one Ruby does not know (printed as written).
fn convert(date: &DateTime<FixedOffset>, conversion: char, m: Modifiers) -> Option<String> {
    let hour12 = (date.hour() + 11) % 12 + 1;
    let chrono_word = |spec: &str| date.format(spec).to_string();
    Some(match conversion {
        'Y' => number(i64::from(date.year()), 4, '0', m),
        'C' => number(i64::from(date.year().div_euclid(100)), 2, '0', m),
        'y' => number(i64::from(date.year().rem_euclid(100)), 2, '0', m),
        'm' => number(i64::from(date.month()), 2, '0', m),
        'd' => number(i64::from(date.day()), 2, '0', m),
        'e' => number(i64::from(date.day()), 2, ' ', m),
        'j' => number(i64::from(date.ordinal()), 3, '0', m),
        'H' => number(i64::from(date.hour()), 2, '0', m),
        'k' => number(i64::from(date.hour()), 2, ' ', m),
        'I' => number(i64::from(hour12), 2, '0', m),
        'l' => number(i64::from(hour12), 2, ' ', m),
        'M' => number(i64::from(date.minute()), 2, '0', m),
        'S' => number(i64::from(date.second()), 2, '0', m),
        'L' => fraction(date, m.width.unwrap_or(3)),
        'N' => fraction(date, m.width.unwrap_or(9)),
        's' => number(date.timestamp(), 1, '0', m),
        'u' => number(i64::from(date.weekday().number_from_monday()), 1, '0', m),
        'w' => number(i64::from(date.weekday().num_days_from_sunday()), 1, '0', m),
        'G' => number(i64::from(date.iso_week().year()), 4, '0', m),
        'g' => number(i64::from(date.iso_week().year().rem_euclid(100)), 2, '0', m),
        'V' => number(i64::from(date.iso_week().week()), 2, '0', m),
        'U' => number(chrono_word("%U").parse().unwrap_or(0), 2, '0', m),
        'W' => number(chrono_word("%W").parse().unwrap_or(0), 2, '0', m),
        'A' => word(&chrono_word("%A"), m, false),
        'a' => word(&chrono_word("%a"), m, false),
        'B' => word(&chrono_word("%B"), m, false),
        'b' | 'h' => word(&chrono_word("%b"), m, false),
        'p' => word(if date.hour() < 12 { "AM" } else { "PM" }, m, true),
        'P' => word(if date.hour() < 12 { "am" } else { "pm" }, m, false),
        'z' => offset(date, m.colons),
        'Z' => word(&chrono_word("%Z"), m, false),
        'c' => word(&composite(date, "%a %b %e %H:%M:%S %Y"), m, false),
        'D' | 'x' => word(&composite(date, "%m/%d/%y"), m, false),
        'F' => word(&composite(date, "%Y-%m-%d"), m, false),
        'T' | 'X' => word(&composite(date, "%H:%M:%S"), m, false),
        'R' => word(&composite(date, "%H:%M"), m, false),
        'r' => word(&composite(date, "%I:%M:%S %p"), m, false),
        'v' => word(&composite(date, "%e-%^b-%Y"), m, false),
        'n' => "\n".into(),
        't' => "\t".into(),
        '%' => "%".into(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2024-03-07T16:05:09.123456789-08:00").unwrap()
    }

    // Expected values printed by Ruby 3.1's Time#strftime.
    #[test]
    fn directives_chrono_lacks_follow_ruby() {
        let date = date();
        assert_eq!(ruby_strftime(&date, "%s%N").unwrap(), "1709856309123456789");
        assert_eq!(
            ruby_strftime(&date, "%L|%3N|%6N").unwrap(),
            "123|123|123456"
        );
        assert_eq!(
            ruby_strftime(&date, "%^b %^A %#p %P %p").unwrap(),
            "MAR THURSDAY pm pm PM"
        );
        assert_eq!(
            ruby_strftime(&date, "%v|%e|%-d|%-m|%_m").unwrap(),
            " 7-MAR-2024| 7|7|3| 3"
        );
        assert_eq!(
            ruby_strftime(&date, "%10A|%-I|%l|%k").unwrap(),
            "  Thursday|4| 4|16"
        );
        assert_eq!(
            ruby_strftime(&date, "%z %:z %::z").unwrap(),
            "-0800 -08:00 -08:00:00"
        );
        assert_eq!(
            ruby_strftime(&date, "%-5d|%05e|%#b|%c").unwrap(),
            "7|00007|MAR|Thu Mar  7 16:05:09 2024"
        );
    }

    #[test]
    fn unknown_directives_print_as_written() {
        assert_eq!(ruby_strftime(&date(), "%Q %Ek %+").unwrap(), "%Q %Ek %+");
        assert!(ruby_strftime(&date(), "100%").is_err());
        assert_eq!(
            ruby_strftime(&date(), "%Y-%m-%d %j %%").unwrap(),
            "2024-03-07 067 %"
        );
    }
}
