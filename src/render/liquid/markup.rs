//! Jekyll tags whose markup liquid-core's grammar cannot tokenize.
//!
//! liquid-core splits tag markup into Liquid tokens before any tag sees it, so
//! `{% include dir/file.html %}`, `{% include 404.html %}`, `{% include {{ x }}.html %}`,
//! `{% post_url 2024-01-02-a %}` or `{% highlight c++ %}` never reach a tag. Before
//! parsing, [`encode_free_form_tags`] rewrites such tags to
//! `{% NAME LINE "HEX" %}`: the tag's line in the file and its markup as hex, which
//! the grammar accepts; [`decode`] gives both back to the tag. Lines are kept (a
//! markup's line breaks move inside the tag), so error positions stay true.

use std::borrow::Cow;
use std::sync::LazyLock;

use liquid_core::{Error, Result, TagTokenIter, ValueView};
use regex::Regex;

/// Tags whose markup is free-form text in Jekyll.
const FREE_FORM_TAGS: [&str; 8] = [
    "demo",
    "seo",
    "feed_meta",
    "include",
    "include_relative",
    "post_url",
    "link",
    "highlight",
];

/// Rewrites every free-form tag outside `{% raw %}` as `{% NAME LINE "HEX" %}`.
/// Text without such tags is returned unchanged (and unallocated).
pub(super) fn encode_free_form_tags(text: &str) -> std::borrow::Cow<'_, str> {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)(\{%-?)(\s*)([A-Za-z_]\w*)(.*?)(-?%\})").expect("valid regex")
    });
    let mut encoded = String::new();
    let mut copied_up_to = 0;
    let mut line = 1;
    let mut counted_up_to = 0;
    let mut in_raw = false;
    for tag in TAG.captures_iter(text) {
        let whole = tag.get(0).expect("match");
        let name = &tag[3];
        if in_raw {
            in_raw = name != "endraw";
            continue;
        }
        if name == "raw" {
            in_raw = true;
            continue;
        }
        if !FREE_FORM_TAGS.contains(&name)
            && !crate::render::plugins::FREE_FORM_TAGS.contains(&name)
        {
            continue;
        }
        line += text[counted_up_to..whole.start()].matches('\n').count();
        counted_up_to = whole.start();
        let markup = &tag[4];
        encoded.push_str(&text[copied_up_to..whole.start()]);
        encoded.push_str(&format!(
            "{}{}{name} {line} \"{}\"{} {}",
            &tag[1],
            &tag[2],
            hex(markup.trim()),
            "\n".repeat(markup.matches('\n').count()),
            &tag[5]
        ));
        copied_up_to = whole.end();
    }
    if copied_up_to == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    encoded.push_str(&text[copied_up_to..]);
    std::borrow::Cow::Owned(encoded)
}

/// Every `{{ … }}` and `{% … %}` of a template, and its `{% raw %}…{% endraw %}` blocks
/// (which [`rewrite_markup`] leaves alone).
pub(super) static ALL_MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}|\{\{.*?\}\}|\{%.*?%\}")
        .expect("valid regex")
});

/// The condition tags (`if`, `elsif`, `unless`) of a template, and its raw blocks (which
/// [`rewrite_markup`] leaves alone): where the comparison guards rewrite.
pub(super) static CONDITION_TAGS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?s)\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}|\{%-?\s*(?:if|elsif|unless)\s.*?%\}",
    )
    .expect("valid regex")
});

/// A variable path in markup: `a`, `a.b-c`, `a[0].b`, `a[key]`.
pub(super) const VARIABLE_PATH: &str = r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*";

/// Whether `word`, which a variable pattern matched, is one of Liquid's literals.
pub(super) fn is_literal(word: &str) -> bool {
    ["true", "false", "nil", "null", "empty", "blank"].contains(&word)
}

/// `text` with each match of `markup` (whose alternatives include the raw blocks,
/// as [`ALL_MARKUP`]'s do) rewritten by `rewrite`, raw blocks left as written; text
/// that comes out the same is not copied. The passes that fix liquid-core's grammar
/// before parsing share it.
pub(super) fn rewrite_markup<'t>(
    text: Cow<'t, str>,
    markup: &Regex,
    rewrite: impl Fn(&str) -> String,
) -> Cow<'t, str> {
    let rewritten = markup.replace_all(&text, |found: &regex::Captures<'_>| {
        let found = &found[0];
        if found
            .trim_start_matches(['{', '%', '-', ' '])
            .starts_with("raw")
        {
            found.to_string()
        } else {
            rewrite(found)
        }
    });
    match rewritten {
        Cow::Borrowed(_) => text,
        Cow::Owned(changed) if changed == *text => text,
        Cow::Owned(changed) => Cow::Owned(changed),
    }
}

/// Lowercase hex of the UTF-8 bytes.
fn hex(text: &str) -> String {
    text.bytes().map(|byte| format!("{byte:02x}")).collect()
}

/// Reads back what [`encode_free_form_tags`] wrote: the tag's line in its file and
/// its markup.
pub(crate) fn decode(arguments: &mut TagTokenIter<'_>) -> Result<(usize, String)> {
    let line = arguments
        .expect_next("line expected")?
        .expect_literal()
        .into_result()?;
    let line = line
        .as_scalar()
        .and_then(|scalar| scalar.to_integer())
        .unwrap_or(0);
    let hex = arguments
        .expect_next("markup expected")?
        .expect_literal()
        .into_result()?;
    arguments.expect_nothing()?;
    let hex = hex.to_kstr();
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|index| u8::from_str_radix(&hex[index..index + 2], 16))
        .collect::<std::result::Result<Vec<u8>, _>>()
        .map_err(|_| Error::with_msg("malformed tag markup"))?;
    let markup = String::from_utf8(bytes).map_err(|_| Error::with_msg("malformed tag markup"))?;
    Ok((usize::try_from(line).unwrap_or(0), markup))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_form_tags_are_encoded_with_their_line() {
        let text = "a\n{% include dir/x.html k=\"v\" %}\n{%- post_url 2024-01-02-a -%}";
        let encoded = encode_free_form_tags(text);
        assert_eq!(
            encoded,
            format!(
                "a\n{{% include 2 \"{}\" %}}\n{{%- post_url 3 \"{}\" -%}}",
                hex("dir/x.html k=\"v\""),
                hex("2024-01-02-a")
            )
        );
    }

    #[test]
    fn raw_blocks_and_other_tags_are_left_alone() {
        let text = "{% raw %}{% include a/b %}{% endraw %}{% if x %}{% endif %}";
        assert!(matches!(
            encode_free_form_tags(text),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn line_breaks_inside_markup_stay_inside_the_tag() {
        let encoded = encode_free_form_tags("{% include a.html\n  k=1 %}\nz");
        assert_eq!(encoded.matches('\n').count(), 2);
        assert!(encoded.ends_with("\n %}\nz"), "{encoded}");
    }
}
