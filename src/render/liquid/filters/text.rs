//! Jekyll's text filters: escaping, slugs, word counts, Ruby's `to_i` and `inspect`,
//! JSON, Markdown and SmartyPants, sentences from arrays, and Liquid's
//! `truncatewords` as Ruby Liquid counts words, `slice` as Ruby slices, and
//! `default` with its argument optional.

use liquid_core::model::{State, ValueView};
use liquid_core::{Language, Result, Value};

use super::values::{items_of, ruby_to_i};
use super::{Apply, FilterCall, register_functions, ruby_inspect, text_of, text_value};
use crate::content::slug::{SlugMode, slugify};
use crate::jekyll_filters::{self as jekyll};
use crate::render::convert_markdown;
use crate::render::liquid::ordered;
use crate::render::liquid::runtime::site_of;

/// Registers the text filters.
pub(super) fn register(language: &mut Language) {
    let filters: [(&str, Apply); 13] = [
        ("xml_escape", |c| {
            Ok(text_value(jekyll::xml_escape(&text_of(c.input))))
        }),
        ("slugify", |c| {
            let mode = c
                .text_arg(0)
                .map_or_else(SlugMode::default, |m| SlugMode::from_name(&m));
            Ok(text_value(slugify(&text_of(c.input), mode, false)))
        }),
        ("jsonify", |c| {
            Ok(text_value(ordered::to_json(c.input).to_string()))
        }),
        ("number_of_words", |c| {
            let words = jekyll::number_of_words(&text_of(c.input), c.text_arg(0).as_deref());
            Ok(Value::scalar(i64::try_from(words).unwrap_or(i64::MAX)))
        }),
        ("normalize_whitespace", |c| {
            Ok(text_value(
                text_of(c.input)
                    .split_ascii_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ))
        }),
        ("to_integer", |c| Ok(Value::scalar(ruby_to_i(c.input)))),
        ("inspect", |c| {
            Ok(text_value(jekyll::xml_escape(&ruby_inspect(c.input))))
        }),
        ("markdownify", markdownify_filter),
        ("smartify", smartify),
        ("array_to_sentence_string", array_to_sentence_string),
        ("truncatewords", truncate_words),
        ("slice", slice),
        ("default", default),
    ];
    register_functions(language, &filters);
}

/// Liquid 4's `default(input, default_value = '')`: the argument when the input is
/// nil, false or empty, else the input. Without an argument (`{{ x | default }}`, or
/// `{{ x | default "text" }}`, whose argument lax parsing drops) it gives empty text
/// where liquid-lib's refuses the template.
fn default(call: &FilterCall<'_>) -> Result<Value> {
    if call.input.query_state(State::DefaultValue) {
        match call.args.first() {
            Some(value) => Ok(value.clone()),
            None => Ok(text_value(String::new())),
        }
    } else {
        Ok(call.input.to_value())
    }
}

/// Liquid's `slice: offset, length`: Ruby's `Array#slice` on an array, else
/// `String#slice` on the text (by characters). The length defaults to 1; an offset
/// counts from the end when negative; whatever falls outside (an offset past either
/// end, a negative length) is empty, however large the numbers.
fn slice(call: &FilterCall<'_>) -> Result<Value> {
    let offset = ruby_integer(call.arg(0))?;
    let length = match call.arg(1) {
        length if length.is_nil() => 1,
        length => ruby_integer(length)?,
    };
    if let Some(array) = call.input.as_array() {
        let range = slice_range(offset, length, array.size());
        return Ok(Value::array(
            array
                .values()
                .skip(range.start)
                .take(range.len())
                .map(|v| v.to_value()),
        ));
    }
    let text = text_of(call.input);
    let range = slice_range(offset, length, text.chars().count() as i64);
    Ok(text_value(
        text.chars().skip(range.start).take(range.len()).collect(),
    ))
}

/// The items `slice` keeps of `size`, as Ruby's `slice(offset, length)` picks them.
fn slice_range(offset: i64, length: i64, size: i64) -> std::ops::Range<usize> {
    let start = if offset < 0 { offset + size } else { offset };
    if !(0..=size).contains(&start) || length < 0 {
        return 0..0;
    }
    let end = start + length.min(size - start);
    start as usize..end as usize
}

/// Ruby Liquid's `Utils.to_integer`: an integer, or a text that is one; anything
/// else (a float, nil, other text) is an error.
fn ruby_integer(value: &dyn ValueView) -> Result<i64> {
    let integer = match value.type_name() {
        "whole number" => value.as_scalar().and_then(|s| s.to_integer()),
        "string" => text_of(value).trim().parse().ok(),
        _ => None,
    };
    integer.ok_or_else(|| liquid_core::Error::with_msg("invalid integer"))
}

/// Liquid's `truncatewords`: the first N words (15 by default, at least 1) joined by
/// single spaces, then the ellipsis (`...` by default); the input unchanged when it
/// has no more words than that.
fn truncate_words(call: &FilterCall<'_>) -> Result<Value> {
    if call.input.is_nil() {
        return Ok(Value::Nil);
    }
    let input = text_of(call.input);
    let limit = match call.args.first().filter(|v| !v.is_nil()) {
        Some(words) => ruby_to_i(words).max(1),
        None => 15,
    };
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let words: Vec<&str> = input
        .split_ascii_whitespace()
        .take(limit.saturating_add(1))
        .collect();
    if words.len() <= limit {
        return Ok(text_value(input));
    }
    let ellipsis = call.text_arg(1).unwrap_or_else(|| "...".to_string());
    Ok(text_value(format!(
        "{}{ellipsis}",
        words[..limit].join(" ")
    )))
}

/// The site's Markdown converter over `text`.
fn markdownify(call: &FilterCall<'_>, text: &str) -> String {
    let site = site_of(call.runtime);
    convert_markdown(text, &site.markdown).html
}

/// Jekyll's `markdownify` filter: kramdown gives a lone newline for nothing (nil or "").
fn markdownify_filter(call: &FilterCall<'_>) -> Result<Value> {
    let html = markdownify(call, &text_of(call.input));
    Ok(text_value(if html.is_empty() { "\n".into() } else { html }))
}

/// Jekyll's `smartify`: typographic quotes, dashes and ellipses (kramdown's
/// SmartyPants), without a paragraph around the text.
fn smartify(call: &FilterCall<'_>) -> Result<Value> {
    let html = markdownify(call, &text_of(call.input));
    let inner = html
        .trim_end()
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"));
    Ok(text_value(inner.map_or(html.clone(), str::to_string)))
}

/// Jekyll's `array_to_sentence_string(connector = "and")`.
fn array_to_sentence_string(call: &FilterCall<'_>) -> Result<Value> {
    let connector = call.text_arg(0).unwrap_or_else(|| "and".into());
    let words: Vec<String> = items_of(call.input).iter().map(|v| text_of(v)).collect();
    Ok(text_value(match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first, second] => format!("{first} {connector} {second}"),
        [init @ .., last] => format!("{}, {connector} {last}", init.join(", ")),
    }))
}

#[cfg(test)]
mod tests {
    use crate::render::liquid::tests::render_str;

    // Every expected value below was observed with Jekyll 4.3.1 on the same input
    // (site from `crate::render::liquid::tests::site`: url https://ex.com, baseurl /blog).

    #[test]
    fn text_filters() {
        assert_eq!(render_str("{{ 'Hello World!' | slugify }}"), "hello-world");
        assert_eq!(render_str("{{ 'é x' | slugify: 'latin' }}"), "e-x");
        assert_eq!(render_str("{{ 'a.b c' | slugify: 'pretty' }}"), "a.b-c");
        assert_eq!(render_str("{{ 'a b c' | number_of_words }}"), "3");
        assert_eq!(
            render_str("{{ '  a \n  b ' | normalize_whitespace }}"),
            "a b"
        );
        assert_eq!(
            render_str("{{ '12abc' | to_integer }}|{{ 3.7 | to_integer }}|{{ true | to_integer }}"),
            "12|3|1"
        );
        assert_eq!(
            render_str("{{ 'x' | inspect }}|{{ nil | inspect }}|{{ site.nums | inspect }}"),
            "&quot;x&quot;|nil|[3, 1, 2]"
        );
        assert_eq!(render_str("{{ site.nums | jsonify }}"), "[3,1,2]");
        assert_eq!(
            render_str("{{ '**b**' | markdownify }}"),
            "<p><strong>b</strong></p>\n"
        );
        assert_eq!(
            render_str("{{ 'it\"s -- ok...' | smartify }}"),
            "it”s – ok…"
        );
    }
}
