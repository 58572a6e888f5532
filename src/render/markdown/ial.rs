//! kramdown inline attribute lists (IALs): `{: .class #id key="value" toc}`.
//!
//! Jekyll posts put them on their own line after a block to give it a class or id,
//! and `{:toc}` after a list to turn that list into a table of contents.

use crate::render::escape::escape_attribute;

/// The attributes one IAL (or several merged) assigns to an element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Attributes {
    pub id: Option<String>,
    pub classes: Vec<String>,
    /// `key="value"` pairs in source order.
    pub pairs: Vec<(String, String)>,
    /// Bare words such as `toc`: kramdown's references to attribute list definitions.
    pub references: Vec<String>,
}

impl Attributes {
    /// Parses the inside of `{: ... }` (without the braces and the colon).
    ///
    /// Unknown syntax is skipped word by word, as kramdown ignores what it cannot read.
    pub fn parse(inner: &str) -> Attributes {
        let mut attributes = Attributes::default();
        let mut rest = inner.trim_start();
        while !rest.is_empty() {
            let word_end = rest
                .find(|c: char| c.is_whitespace() || c == '=')
                .unwrap_or(rest.len());
            let (word, after) = rest.split_at(word_end);
            if let Some(value_source) = after.strip_prefix('=') {
                let (value, remaining) = split_quoted_value(value_source);
                match word {
                    "class" => attributes
                        .classes
                        .extend(value.split_whitespace().map(String::from)),
                    "id" => attributes.id = Some(value.to_string()),
                    _ => attributes.pairs.push((word.to_string(), value.to_string())),
                }
                rest = remaining.trim_start();
                continue;
            }
            if let Some(class) = word.strip_prefix('.') {
                attributes.classes.push(class.to_string());
            } else if let Some(id) = word.strip_prefix('#') {
                attributes.id = Some(id.to_string());
            } else if !word.is_empty() {
                attributes.references.push(word.to_string());
            }
            rest = after.trim_start();
        }
        attributes
    }

    /// True when nothing would be rendered.
    pub fn is_empty(&self) -> bool {
        self.id.is_none() && self.classes.is_empty() && self.pairs.is_empty()
    }

    /// True for `{:toc}`.
    pub fn is_toc(&self) -> bool {
        self.references.iter().any(|reference| reference == "toc")
    }

    /// True when the class list contains `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.classes.iter().any(|c| c == class)
    }

    /// Adds the attributes of `other`; its id wins, classes accumulate.
    pub fn merge(&mut self, other: Attributes) {
        if other.id.is_some() {
            self.id = other.id;
        }
        self.classes.extend(other.classes);
        self.pairs.extend(other.pairs);
        self.references.extend(other.references);
    }

    /// Renders ` class="…" id="…" key="…"` (kramdown's order: class, id, the rest).
    pub fn to_html(&self) -> String {
        let mut html = String::new();
        if !self.classes.is_empty() {
            push_attribute(&mut html, "class", &self.classes.join(" "));
        }
        if let Some(id) = self.id.as_deref().filter(|id| !id.is_empty()) {
            push_attribute(&mut html, "id", id);
        }
        for (key, value) in &self.pairs {
            push_attribute(&mut html, key, value);
        }
        html
    }

    /// Adds these attributes to the first tag of `html` (a highlighted code block whose
    /// wrapper the caller owns). Classes go after the first class, as kramdown puts
    /// IAL classes after `language-xxx`.
    pub fn inject_into_first_tag(&self, html: &str) -> String {
        let Some(tag_end) = html.find('>') else {
            return html.to_string();
        };
        let tag_end = if html[..tag_end].ends_with('/') {
            tag_end - 1
        } else {
            tag_end
        };
        let tag = &html[..tag_end];
        let mut rest = Attributes {
            classes: Vec::new(),
            ..self.clone()
        };
        let mut result = String::with_capacity(html.len() + 64);
        match tag.find(" class=\"") {
            Some(class_start) if !self.classes.is_empty() => {
                let value_start = class_start + " class=\"".len();
                let value_end = tag[value_start..]
                    .find('"')
                    .map_or(tag.len(), |i| value_start + i);
                let first_class_end = tag[value_start..value_end]
                    .find(' ')
                    .map_or(value_end, |i| value_start + i);
                result.push_str(&tag[..first_class_end]);
                for class in &self.classes {
                    result.push(' ');
                    result.push_str(&escape_attribute(class));
                }
                result.push_str(&tag[first_class_end..]);
            }
            _ => {
                result.push_str(tag);
                rest.classes = self.classes.clone();
            }
        }
        result.push_str(&rest.to_html());
        result.push_str(&html[tag_end..]);
        result
    }
}

fn push_attribute(html: &mut String, key: &str, value: &str) {
    html.push(' ');
    html.push_str(key);
    html.push_str("=\"");
    html.push_str(&escape_attribute(value));
    html.push('"');
}

/// Splits `"value" rest` (or `'value'`, or an unquoted word) into value and rest.
fn split_quoted_value(source: &str) -> (&str, &str) {
    match source.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let body = &source[1..];
            match body.find(quote) {
                Some(end) => (&body[..end], &body[end + 1..]),
                None => (body, ""),
            }
        }
        _ => {
            let end = source.find(char::is_whitespace).unwrap_or(source.len());
            source.split_at(end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_classes_id_pairs_and_references() {
        let attributes = Attributes::parse(r#" .c1 #p1 data-x="v w" k='q' toc .c2"#);
        assert_eq!(attributes.id.as_deref(), Some("p1"));
        assert_eq!(attributes.classes, ["c1", "c2"]);
        assert_eq!(
            attributes.pairs,
            [
                ("data-x".to_string(), "v w".to_string()),
                ("k".to_string(), "q".to_string())
            ]
        );
        assert!(attributes.is_toc());
    }

    #[test]
    fn class_and_id_keys_are_classes_and_ids() {
        // Observed from kramdown 2.4: `![a][r]{:class="center"}` gives `class="center"`.
        let attributes = Attributes::parse(r#"class="center wide" id='x'"#);
        assert_eq!(attributes.classes, ["center", "wide"]);
        assert_eq!(attributes.id.as_deref(), Some("x"));
    }

    #[test]
    fn renders_class_then_id_then_pairs() {
        // Observed from kramdown 2.4 + parser-gfm 1.1: `{: .c1 #p1 data-x="v"}` after a
        // paragraph gives `<p class="c1" id="p1" data-x="v">`.
        let attributes = Attributes::parse(r#".c1 #p1 data-x="v""#);
        assert_eq!(attributes.to_html(), r#" class="c1" id="p1" data-x="v""#);
    }

    #[test]
    fn injects_classes_after_the_language_class() {
        // Observed from kramdown 2.4 + rouge: `{: .code}` after a rust block gives
        // `<div class="language-rust code highlighter-rouge">`.
        let attributes = Attributes::parse(".code #c");
        let html = r#"<div class="language-rust highlighter-rouge"><pre>x</pre></div>"#;
        assert_eq!(
            attributes.inject_into_first_tag(html),
            r#"<div class="language-rust code highlighter-rouge" id="c"><pre>x</pre></div>"#
        );
        assert_eq!(
            attributes.inject_into_first_tag("<pre>x</pre>"),
            r#"<pre class="code" id="c">x</pre>"#
        );
    }
}
