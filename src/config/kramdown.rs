//! `kramdown:`: the Markdown options Jekyll passes to kramdown that change the output,
//! typed once here. kramdown refuses a value of the wrong shape; coldstart warns at the
//! key's line and keeps the default, so a site that builds keeps building.

use std::ops::RangeInclusive;

use serde_json::Value;

use super::keys::KeyReader;
use crate::diagnostic::Warning;

/// kramdown options from `_config.yml` that change the output.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownOptions {
    /// Give headings ids (kramdown `auto_ids`, default true).
    pub auto_ids: bool,
    /// Prepended to every generated heading id (kramdown `auto_id_prefix`).
    pub auto_id_prefix: String,
    /// Heading levels a `{:toc}` list includes (kramdown `toc_levels`, default 1..=6).
    pub toc_levels: RangeInclusive<u8>,
    /// The characters for lsquo, rsquo, ldquo, rdquo (kramdown `smart_quotes`); see
    /// [`smart_quotes_from_config`].
    pub smart_quotes: [String; 4],
    /// Content of a footnote's back link (kramdown `footnote_backlink`, raw HTML).
    pub footnote_backlink: String,
    /// Parse Markdown inside block HTML elements (kramdown `parse_block_html`, default
    /// false; a document may switch it with `{::options parse_block_html="true" /}`).
    pub parse_block_html: bool,
}

impl Default for MarkdownOptions {
    /// Jekyll 4's kramdown defaults.
    fn default() -> MarkdownOptions {
        MarkdownOptions {
            auto_ids: true,
            auto_id_prefix: String::new(),
            toc_levels: 1..=6,
            smart_quotes: ["‘", "’", "“", "”"].map(String::from),
            footnote_backlink: "&#8617;".to_string(),
            parse_block_html: false,
        }
    }
}

impl MarkdownOptions {
    /// Reads `kramdown.auto_ids`, `auto_id_prefix`, `smart_quotes`, `toc_levels`,
    /// `parse_block_html` and `footnote_backlink`; a value of the wrong shape is a warning and the default.
    pub(super) fn from_site(reader: &KeyReader, warnings: &mut Vec<Warning>) -> MarkdownOptions {
        let mut options = MarkdownOptions::default();
        let mut read = |key: &str, expected: &str, apply: &mut dyn FnMut(&Value) -> bool| {
            let dotted = format!("kramdown.{key}");
            if let Some(value) = reader.value(&dotted)
                && !apply(value)
            {
                let message = format!("expected {expected}; the default is used");
                warnings.push(reader.warning(&dotted, &message));
            }
        };
        read("auto_ids", "true or false", &mut |value| {
            value.as_bool().map(|on| options.auto_ids = on).is_some()
        });
        read("auto_id_prefix", "a string", &mut |value| {
            (value.as_str())
                .map(|prefix| options.auto_id_prefix = prefix.to_string())
                .is_some()
        });
        read("smart_quotes", "four entity names", &mut |value| {
            (value.as_str().and_then(smart_quotes_from_config))
                .map(|quotes| options.smart_quotes = quotes)
                .is_some()
        });
        read("toc_levels", "a list of levels or a range", &mut |value| {
            (toc_levels(value))
                .map(|levels| options.toc_levels = levels)
                .is_some()
        });
        read("parse_block_html", "true or false", &mut |value| {
            (value.as_bool())
                .map(|on| options.parse_block_html = on)
                .is_some()
        });
        read("footnote_backlink", "a string", &mut |value| {
            (value.as_str())
                .map(|backlink| options.footnote_backlink = backlink.to_string())
                .is_some()
        });
        options
    }
}

/// kramdown's `toc_levels`: a list of levels (`[2, 3]`) or a range (`"1..4"`).
pub(super) fn toc_levels(value: &Value) -> Option<RangeInclusive<u8>> {
    match value {
        Value::Array(levels) => {
            let levels: Vec<u8> = levels
                .iter()
                .filter_map(Value::as_u64)
                .filter_map(|l| u8::try_from(l).ok())
                .collect();
            Some(*levels.iter().min()?..=*levels.iter().max()?)
        }
        Value::String(range) => {
            let (low, high) = range.split_once("..")?;
            Some(low.trim().parse().ok()?..=high.trim().parse().ok()?)
        }
        _ => None,
    }
}

/// Maps kramdown's `smart_quotes` setting (`"lsquo,rsquo,ldquo,rdquo"`: four entity
/// names, `&name;`, `&#NNNN;`, `&#xHHHH;` or bare code points) to the four characters.
/// None when the setting does not name exactly four known characters.
pub(super) fn smart_quotes_from_config(setting: &str) -> Option<[String; 4]> {
    let characters: Vec<String> = setting
        .split(',')
        .map(|entity| entity_character(entity.trim()).map(String::from))
        .collect::<Option<_>>()?;
    characters.try_into().ok()
}

/// The character an entity name or code point in kramdown's `smart_quotes` stands for.
fn entity_character(entity: &str) -> Option<char> {
    let entity = entity.trim_start_matches('&').trim_end_matches(';');
    let code_point = if let Some(hex) = entity.strip_prefix("#x").or(entity.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()
    } else {
        entity.trim_start_matches('#').parse().ok()
    };
    if let Some(code_point) = code_point {
        return char::from_u32(code_point);
    }
    Some(match entity {
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "sbquo" => '‚',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}
