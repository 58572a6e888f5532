//! Jekyll's date filters (`date_to_string`, `date_to_long_string`,
//! `date_to_xmlschema`, `date_to_rfc822`) and Liquid's `date: FORMAT`, over a unix
//! timestamp or any text Jekyll reads as a date.

use liquid_core::model::ValueView;
use liquid_core::{Error, Language, Result, Value};

use super::{Apply, FilterCall, register_functions, ruby_inspect, text_of, text_value};
use crate::jekyll_filters::{self as jekyll, DayStyle};

/// Registers the date filters.
pub(super) fn register(language: &mut Language) {
    let filters: [(&str, Apply); 5] = [
        ("date", liquid_date),
        ("date_to_string", |c| stringify_date(c, "%b")),
        ("date_to_long_string", |c| stringify_date(c, "%B")),
        ("date_to_xmlschema", |c| {
            format_date(c, jekyll::XMLSCHEMA_FORMAT)
        }),
        ("date_to_rfc822", |c| format_date(c, jekyll::RFC822_FORMAT)),
    ];
    register_functions(language, &filters);
}

/// The date a value holds: a unix timestamp, or text `jekyll::parse_date` reads.
fn date_of(
    value: &dyn ValueView,
) -> std::result::Result<Option<chrono::DateTime<chrono::FixedOffset>>, String> {
    if let Some(seconds) = value
        .as_scalar()
        .filter(|s| s.type_name() == "whole number")
        .and_then(|s| s.to_integer())
    {
        return jekyll::date_from_timestamp(seconds).map(Some);
    }
    jekyll::parse_date(&text_of(value))
}

/// Liquid's `date: FORMAT`: strftime; the input is returned as it is when the format is
/// empty or the input is not a date.
fn liquid_date(call: &FilterCall<'_>) -> Result<Value> {
    let format = call.text_arg(0).unwrap_or_default();
    match date_of(call.input) {
        Ok(Some(date)) if !format.is_empty() => jekyll::strftime(&date, &format)
            .map(text_value)
            .map_err(Error::with_msg),
        _ => Ok(call.input.to_value()),
    }
}

/// A date filter's date: `None` for nil or "" (the filter then returns its input), an
/// error, as in Jekyll, for anything else that is not a date.
fn required_date(call: &FilterCall<'_>) -> Result<Option<chrono::DateTime<chrono::FixedOffset>>> {
    date_of(call.input).map_err(|_| {
        Error::with_msg(format!(
            "Invalid Date: '{}' is not a valid datetime.",
            ruby_inspect(call.input)
        ))
    })
}

fn format_date(call: &FilterCall<'_>, format: &str) -> Result<Value> {
    match required_date(call)? {
        Some(date) => jekyll::strftime(&date, format)
            .map(text_value)
            .map_err(Error::with_msg),
        None => Ok(call.input.to_value()),
    }
}

fn stringify_date(call: &FilterCall<'_>, month_format: &str) -> Result<Value> {
    let style = DayStyle::from_arguments(call.text_arg(0).as_deref(), call.text_arg(1).as_deref());
    Ok(match required_date(call)? {
        Some(date) => text_value(jekyll::stringify_date(&date, month_format, style)),
        None => call.input.to_value(),
    })
}

#[cfg(test)]
mod tests {
    use crate::render::liquid::tests::render_str;

    // Every expected value below was observed with Jekyll 4.3.1 on the same input
    // (site from `crate::render::liquid::tests::site`: url https://ex.com, baseurl /blog).

    #[test]
    fn date_filters() {
        assert_eq!(
            render_str("{{ page.date | date: '%b %-d, %Y' }}"),
            "Mar 7, 2024"
        );
        assert_eq!(
            render_str("{{ page.date | date_to_string }}"),
            "07 Mar 2024"
        );
        assert_eq!(
            render_str("{{ page.date | date_to_string: 'ordinal' }}"),
            "7th Mar 2024"
        );
        assert_eq!(
            render_str("{{ page.date | date_to_string: 'ordinal', 'US' }}"),
            "Mar 7th, 2024"
        );
        assert_eq!(
            render_str("{{ page.date | date_to_long_string }}"),
            "07 March 2024"
        );
        assert_eq!(
            render_str("{{ page.date | date_to_xmlschema }}"),
            "2024-03-07T00:00:00+00:00"
        );
        assert_eq!(
            render_str("{{ page.date | date_to_rfc822 }}"),
            "Thu, 07 Mar 2024 00:00:00 +0000"
        );
        assert_eq!(render_str("{{ page.missing | date_to_string }}"), "");
    }
}
