//! Jekyll's filters for Liquid, with Jekyll's outputs (expected values in the tests
//! were observed with Jekyll 4.3.1).
//!
//! Every filter here is a plain function over evaluated arguments ([`FilterCall`]),
//! registered through one adapter, [`JekyllFilter`], instead of a derive per filter.
//! The string and date work is shared with the tera filters in
//! [`crate::jekyll_filters`]. Filters that need the site (`relative_url`,
//! `markdownify`, `where_exp`…) find it in the render state.

use std::cmp::Ordering;
use std::fmt;

use liquid_core::model::{Object, ScalarCow, Value, ValueView};
use liquid_core::parser::FilterArguments;
use liquid_core::runtime::StackFrame;
use liquid_core::{
    Error, Expression, Filter, FilterReflection, Language, ParseFilter, Renderable, Result,
    Runtime, Template,
};

use super::runtime::{LaxRuntime, site_of, with_state};
use super::{collection_filters, ordered};
use crate::content::slug::{SlugMode, slugify};
use crate::jekyll_filters::{self as jekyll, DayStyle};
use crate::render::convert_markdown;

/// What a filter function gets: its input and evaluated positional arguments.
pub(super) struct FilterCall<'a> {
    /// The value before the `|`.
    pub(super) input: &'a dyn ValueView,
    /// The arguments, evaluated.
    pub(super) args: Vec<Value>,
    /// The render's runtime.
    pub(super) runtime: &'a dyn Runtime,
}

impl FilterCall<'_> {
    /// Argument `index` as text, `None` when absent or nil.
    fn text_arg(&self, index: usize) -> Option<String> {
        self.args
            .get(index)
            .filter(|v| !v.is_nil())
            .map(|v| text_of(v))
    }

    /// Argument `index`, nil when absent.
    pub(super) fn arg(&self, index: usize) -> &dyn ValueView {
        self.args
            .get(index)
            .map_or(&Value::Nil as &dyn ValueView, |v| v as &dyn ValueView)
    }
}

/// A filter's implementation.
pub(super) type Apply = fn(&FilterCall<'_>) -> Result<Value>;

/// A filter given by a name and a function; arguments are evaluated (with lax lookups)
/// before the function runs.
#[derive(Clone)]
pub(super) struct JekyllFilter {
    name: String,
    apply: Apply,
}

impl JekyllFilter {
    /// A filter that returns its input unchanged: what Ruby Liquid does for an unknown
    /// filter when `strict_filters` is off.
    pub(super) fn pass_through(name: &str) -> JekyllFilter {
        JekyllFilter {
            name: name.to_string(),
            apply: |call| Ok(call.input.to_value()),
        }
    }
}

impl FilterReflection for JekyllFilter {
    fn name(&self) -> &str {
        &self.name
    }

    fn description(&self) -> &str {
        "A Jekyll filter."
    }

    fn positional_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }

    fn keyword_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
}

impl ParseFilter for JekyllFilter {
    fn parse(&self, arguments: FilterArguments) -> Result<Box<dyn Filter>> {
        Ok(Box::new(BoundFilter {
            name: self.name.clone(),
            apply: self.apply,
            args: arguments.positional.collect(),
        }))
    }

    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

/// A [`JekyllFilter`] with its argument expressions.
#[derive(Debug)]
struct BoundFilter {
    name: String,
    apply: Apply,
    args: Vec<Expression>,
}

impl fmt::Display for BoundFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)
    }
}

impl Filter for BoundFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let args = self
            .args
            .iter()
            .map(|arg| arg.evaluate(runtime).map(|v| v.to_value()))
            .collect::<Result<Vec<_>>>()?;
        (self.apply)(&FilterCall {
            input,
            args,
            runtime,
        })
        .map_err(|error| error.context("filter", self.name.clone()))
    }
}

/// Registers Jekyll's filters (over liquid's own where Jekyll's differ).
pub(super) fn register(language: &mut Language) {
    let filters: [(&str, Apply); 30] = [
        ("relative_url", |c| url_filter(c, jekyll::relative_url)),
        ("absolute_url", |c| url_filter(c, jekyll::absolute_url)),
        ("strip_index", |c| {
            let url = text_of(c.input);
            Ok(text_value(
                url.strip_suffix("index.html")
                    .map_or(url.clone(), str::to_string),
            ))
        }),
        ("date", liquid_date),
        ("date_to_string", |c| stringify_date(c, "%b")),
        ("date_to_long_string", |c| stringify_date(c, "%B")),
        ("date_to_xmlschema", |c| {
            format_date(c, jekyll::XMLSCHEMA_FORMAT)
        }),
        ("date_to_rfc822", |c| format_date(c, jekyll::RFC822_FORMAT)),
        ("xml_escape", |c| {
            Ok(text_value(jekyll::xml_escape(&text_of(c.input))))
        }),
        ("cgi_escape", |c| {
            Ok(text_value(jekyll::cgi_escape(&text_of(c.input))))
        }),
        // Ruby Liquid's `url_encode` is `CGI.escape` too (a space is `+`).
        ("url_encode", |c| {
            Ok(text_value(jekyll::cgi_escape(&text_of(c.input))))
        }),
        ("uri_escape", |c| {
            Ok(text_value(jekyll::uri_escape(&text_of(c.input))))
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
        ("where", where_filter),
        ("find", |c| Ok(first_or_nil(matching(c)?))),
        ("where_exp", |c| Ok(Value::Array(matching_expression(c)?))),
        ("find_exp", |c| Ok(first_or_nil(matching_expression(c)?))),
        ("group_by", group_by),
        ("group_by_exp", group_by_exp),
        ("sort", sort),
        ("sample", sample),
        ("array_to_sentence_string", array_to_sentence_string),
        ("truncatewords", truncate_words),
    ];
    register_functions(language, &filters);
    collection_filters::register(language);
    super::sass_filters::register(language);
    super::text_filters::register(language);
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

/// Registers each `(name, function)` as a filter.
pub(super) fn register_functions(language: &mut Language, filters: &[(&str, Apply)]) {
    for (name, apply) in filters {
        language.filters.register(
            name.to_string(),
            Box::new(JekyllFilter {
                name: name.to_string(),
                apply: *apply,
            }),
        );
    }
}

/// `relative_url` or `absolute_url`: nil gives nothing, as in Jekyll.
fn url_filter(
    call: &FilterCall<'_>,
    url: fn(&str, &jekyll::UrlSettings) -> String,
) -> Result<Value> {
    if call.input.is_nil() {
        return Ok(text_value(String::new()));
    }
    Ok(text_value(url(
        &text_of(call.input),
        &site_of(call.runtime).urls,
    )))
}

/// The text Liquid prints for a value (nil prints nothing).
pub(super) fn text_of(value: &dyn ValueView) -> String {
    if value.is_nil() {
        String::new()
    } else {
        value.to_kstr().to_string()
    }
}

/// A text as a Liquid value.
pub(super) fn text_value(text: String) -> Value {
    Value::scalar(text)
}

/// An array's items; a hash gives its values (as Jekyll's collection filters do),
/// nil nothing, and any other value itself.
fn items_of(value: &dyn ValueView) -> Vec<Value> {
    item_views(value)
        .into_iter()
        .map(|v| v.to_value())
        .collect()
}

/// [`items_of`] without copying them: a filter that keeps a few items of a large
/// list (`site.docs | where: …` on every page) copies only those.
fn item_views(value: &dyn ValueView) -> Vec<&dyn ValueView> {
    if let Some(array) = value.as_array() {
        array.values().collect()
    } else if let Some(object) = value.as_object() {
        ordered::entries(object)
            .into_iter()
            .map(|(_, v)| v)
            .collect()
    } else if value.is_nil() {
        Vec::new()
    } else {
        vec![value]
    }
}

fn first_or_nil(items: Vec<Value>) -> Value {
    items.into_iter().next().unwrap_or(Value::Nil)
}

/// Jekyll's `item_property`: a key of a hash, dotted paths followed.
fn item_property(item: &dyn ValueView, property: &str) -> Value {
    property_view(item, property).map_or(Value::Nil, |value| value.to_value())
}

/// [`item_property`] without copying it (`None` for nil).
fn property_view<'v>(item: &'v dyn ValueView, property: &str) -> Option<&'v dyn ValueView> {
    let mut current = item;
    for key in property.split('.') {
        current = current.as_object()?.get(key)?;
    }
    Some(current)
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------

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

/// Ruby's `to_i` as Jekyll's `to_integer` applies it: booleans are 1/0, numbers are
/// truncated, text gives its leading integer (0 when there is none).
fn ruby_to_i(value: &dyn ValueView) -> i64 {
    let Some(scalar) = value.as_scalar() else {
        return 0;
    };
    match scalar.type_name() {
        "boolean" => i64::from(scalar.to_bool().unwrap_or(false)),
        "whole number" => scalar.to_integer().unwrap_or(0),
        "fractional number" => scalar.to_float().unwrap_or(0.0) as i64,
        _ => {
            let text = scalar.to_kstr();
            let text = text.trim_start();
            let (sign, digits) = match text.strip_prefix('-') {
                Some(rest) => (-1, rest),
                None => (1, text.strip_prefix('+').unwrap_or(text)),
            };
            let digits: String = digits.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<i64>().map_or(0, |n| sign * n)
        }
    }
}

/// Ruby's `inspect` of a value (Ruby 3.1 hash syntax).
pub(super) fn ruby_inspect(value: &dyn ValueView) -> String {
    if value.is_nil() {
        return "nil".into();
    }
    if let Some(array) = value.as_array() {
        let items: Vec<String> = array.values().map(ruby_inspect).collect();
        return format!("[{}]", items.join(", "));
    }
    if let Some(object) = value.as_object() {
        let pairs: Vec<String> = ordered::entries(object)
            .into_iter()
            .map(|(key, v)| format!("{}=>{}", inspect_string(&key), ruby_inspect(v)))
            .collect();
        return format!("{{{}}}", pairs.join(", "));
    }
    match value.as_scalar() {
        Some(scalar) if scalar.type_name() == "string" => inspect_string(&scalar.to_kstr()),
        Some(scalar) if scalar.type_name() == "fractional number" => {
            let number = scalar.to_float().unwrap_or(0.0);
            if number.fract() == 0.0 {
                format!("{number:.1}")
            } else {
                number.to_string()
            }
        }
        _ => value.to_kstr().to_string(),
    }
}

fn inspect_string(text: &str) -> String {
    format!("{:?}", text)
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

// ---------------------------------------------------------------------------
// Collections
// ---------------------------------------------------------------------------

/// Ruby's `to_s` of a property value, for Jekyll's comparisons.
fn ruby_to_s(value: &dyn ValueView) -> String {
    text_of(value)
}

/// Jekyll's `compare_property_vs_target`: equal as text; an array property matches
/// when one of its items does; a nil target matches a nil property.
fn property_matches(property: Option<&dyn ValueView>, target: &dyn ValueView) -> bool {
    let property = property.filter(|p| !p.is_nil());
    let Some(property) = property else {
        return target.is_nil();
    };
    if target.is_nil() {
        return false;
    }
    // Compared as text without copying either side (this runs for every item).
    let target = target.to_kstr();
    let is_target = |v: &dyn ValueView| {
        if v.is_nil() {
            target.is_empty()
        } else {
            v.to_kstr() == target
        }
    };
    match property.as_array() {
        Some(items) => items.values().any(is_target),
        None => is_target(property),
    }
}

/// The items of the input whose `property` (argument 0) matches argument 1.
fn matching(call: &FilterCall<'_>) -> Result<Vec<Value>> {
    let property = call.text_arg(0).unwrap_or_default();
    let target = call.arg(1);
    Ok(item_views(call.input)
        .into_iter()
        .filter(|item| property_matches(property_view(*item, &property), target))
        .map(|item| item.to_value())
        .collect())
}

/// Jekyll's `where`: the input unchanged when the target is an array or hash.
fn where_filter(call: &FilterCall<'_>) -> Result<Value> {
    let target = call.arg(1);
    if call.text_arg(0).is_none() || target.as_array().is_some() || target.as_object().is_some() {
        return Ok(call.input.to_value());
    }
    Ok(Value::Array(matching(call)?))
}

/// An item, what the template rendered for it, and the value a `{% coldstart_value %}`
/// in the template evaluated.
type PerItem = (Value, String, Option<Value>);

/// Renders `template` once per item with the item bound to `variable`.
fn render_per_item(call: &FilterCall<'_>, template: &str) -> Result<Vec<PerItem>> {
    let site = site_of(call.runtime);
    let template = Template::new(liquid_core::parser::parse(template, &site.language)?);
    let variable = call.text_arg(0).unwrap_or_default();
    items_of(call.input)
        .into_iter()
        .map(|item| {
            let mut scope = Object::new();
            scope.insert(variable.clone().into(), item.clone());
            let frame = LaxRuntime::new(
                StackFrame::new(call.runtime, &scope),
                site.options.strict_variables,
            );
            let output = template.render(&frame)?;
            let value = with_state(call.runtime, |state| state.expression_value.take());
            Ok((item, output, value))
        })
        .collect()
}

/// `where_exp`/`find_exp`: the items for which the condition (argument 1) holds.
fn matching_expression(call: &FilterCall<'_>) -> Result<Vec<Value>> {
    let condition = call.text_arg(1).unwrap_or_default();
    let template = format!("{{% if {condition} %}}true{{% endif %}}");
    Ok(render_per_item(call, &template)?
        .into_iter()
        .filter(|(_, output, _)| output == "true")
        .map(|(item, ..)| item)
        .collect())
}

/// Jekyll's `grouped_array`: `[{name, items, size}]` in order of first appearance.
fn grouped(pairs: Vec<(Value, Value)>) -> Value {
    let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
    for (name, item) in pairs {
        match groups.iter_mut().find(|(existing, _)| *existing == name) {
            Some((_, items)) => items.push(item),
            None => groups.push((name, vec![item])),
        }
    }
    Value::Array(
        groups
            .into_iter()
            .map(|(name, items)| {
                let mut group = Object::new();
                group.insert("name".into(), name);
                group.insert(
                    "size".into(),
                    Value::scalar(i64::try_from(items.len()).unwrap_or(i64::MAX)),
                );
                group.insert("items".into(), Value::Array(items));
                Value::Object(group)
            })
            .collect(),
    )
}

fn group_by(call: &FilterCall<'_>) -> Result<Value> {
    let property = call.text_arg(0).unwrap_or_default();
    Ok(grouped(
        items_of(call.input)
            .into_iter()
            .map(|item| {
                (
                    text_value(ruby_to_s(&item_property(&item, &property))),
                    item,
                )
            })
            .collect(),
    ))
}

/// Jekyll's `group_by_exp`: each group's `name` is the expression's value (not its
/// text: a size stays a number).
fn group_by_exp(call: &FilterCall<'_>) -> Result<Value> {
    let expression = call.text_arg(1).unwrap_or_default();
    let tag = super::value_tag::VALUE_TAG;
    let rendered = render_per_item(call, &format!("{{% {tag} {expression} %}}"))?;
    Ok(grouped(
        rendered
            .into_iter()
            .map(|(item, _, name)| (name.unwrap_or(Value::Nil), item))
            .collect(),
    ))
}

/// Orders two values as Ruby's `<=>` would, falling back to their text.
fn compare(a: &dyn ValueView, b: &dyn ValueView) -> Ordering {
    let number = |v: &dyn ValueView| {
        v.as_scalar()
            .filter(|s| matches!(s.type_name(), "whole number" | "fractional number"))
            .and_then(|s: ScalarCow<'_>| s.to_float())
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => ruby_to_s(a).cmp(&ruby_to_s(b)),
    }
}

/// Jekyll's `sort(property = nil, nils = "first")`.
fn sort(call: &FilterCall<'_>) -> Result<Value> {
    if call.input.is_nil() {
        return Err(Error::with_msg("Cannot sort a null object."));
    }
    let mut items = items_of(call.input);
    let Some(property) = call.text_arg(0) else {
        if let Some(hash) = call.input.as_object() {
            // Ruby's `Hash#sort`: the `[key, value]` pairs, by key.
            items = ordered::pairs(hash);
            items.sort_by_cached_key(|pair| {
                text_of(
                    &pair
                        .as_array()
                        .and_then(|p| p.first())
                        .map(|k| k.to_value())
                        .unwrap_or(Value::Nil),
                )
            });
            return Ok(Value::Array(items));
        }
        items.sort_by(|a, b| compare(a, b));
        return Ok(Value::Array(items));
    };
    let nils_first = match call.text_arg(1).as_deref() {
        None | Some("first") => true,
        Some("last") => false,
        Some(other) => {
            return Err(Error::with_msg(format!(
                "Invalid nils order: '{other}' is not a valid nils order. It must be 'first' or 'last'."
            )));
        }
    };
    let mut keyed: Vec<(Value, Value)> = items
        .into_iter()
        .map(|item| (item_property(&item, &property), item))
        .collect();
    keyed.sort_by(|(a, _), (b, _)| match (a.is_nil(), b.is_nil()) {
        (true, true) => Ordering::Equal,
        (true, false) if nils_first => Ordering::Less,
        (true, false) => Ordering::Greater,
        (false, true) if nils_first => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => compare(a, b),
    });
    Ok(Value::Array(
        keyed.into_iter().map(|(_, item)| item).collect(),
    ))
}

/// Jekyll's `sample(n = nil)`: one random item, or an array of `n` random items.
fn sample(call: &FilterCall<'_>) -> Result<Value> {
    use std::hash::{BuildHasher, RandomState};
    let mut items = items_of(call.input);
    let random = RandomState::new();
    let mut order: Vec<(u64, Value)> = items
        .drain(..)
        .enumerate()
        .map(|(index, item)| (random.hash_one(index), item))
        .collect();
    order.sort_by_key(|(key, _)| *key);
    let shuffled = order.into_iter().map(|(_, item)| item);
    match call
        .args
        .first()
        .and_then(|n| n.as_scalar())
        .and_then(|n| n.to_integer())
    {
        Some(count) => Ok(Value::Array(
            shuffled.take(usize::try_from(count).unwrap_or(0)).collect(),
        )),
        None => Ok(shuffled.into_iter().next().unwrap_or(Value::Nil)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::render_str;

    // Every expected value below was observed with Jekyll 4.3.1 on the same input
    // (site from `super::super::tests::site`: url https://ex.com, baseurl /blog).

    #[test]
    fn url_filters() {
        assert_eq!(render_str("{{ 'x' | relative_url }}"), "/blog/x");
        assert_eq!(
            render_str("{{ page.url | absolute_url }}"),
            "https://ex.com/blog/2024/03/07/a.html"
        );
        assert_eq!(render_str("{{ '/a/index.html' | strip_index }}"), "/a/");
        assert_eq!(
            render_str(
                "[{{ nil | relative_url }}][{{ nil | absolute_url }}][{{ nil | markdownify }}]"
            ),
            "[][][\n]"
        );
    }

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

    #[test]
    fn escape_filters() {
        assert_eq!(
            render_str("{{ \"a<b>&'\" | xml_escape }}"),
            "a&lt;b&gt;&amp;&apos;"
        );
        assert_eq!(render_str("{{ 'a b/é' | cgi_escape }}"), "a+b%2F%C3%A9");
        assert_eq!(render_str("{{ '1 2' | uri_escape }}"), "1%202");
    }

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

    #[test]
    fn array_filters() {
        assert_eq!(render_str("{{ site.nums | sort | join: ',' }}"), "1,2,3");
        assert_eq!(
            render_str("{{ site.people | sort: 'age', 'last' | map: 'name' | join: ',' }}"),
            "c,a,b"
        );
        assert_eq!(
            render_str("{{ site.people | sort: 'age' | map: 'name' | join: ',' }}"),
            "b,c,a"
        );
        assert_eq!(
            render_str("{{ site.people | where: 'tags', 'x' | map: 'name' | join }}"),
            "a c"
        );
        assert_eq!(
            render_str("{{ site.people | find: 'name', 'b' | jsonify }}"),
            "{\"name\":\"b\"}"
        );
        assert_eq!(
            render_str("{{ site.people | where_exp: 'p', 'p.age > 1' | map: 'name' | join }}"),
            "a"
        );
        assert_eq!(
            render_str("{% assign f = site.people | find_exp: 'p', 'p.age == 1' %}{{ f.name }}"),
            "c"
        );
        assert_eq!(
            render_str("{{ site.people | group_by: 'age' | map: 'name' | join: ',' }}"),
            "3,,1"
        );
        assert_eq!(
            render_str(
                "{{ site.people | group_by_exp: 'p', 'p.name | upcase' | map: 'name' | join }}"
            ),
            "A B C"
        );
        assert_eq!(
            render_str("{{ site.nums | array_to_sentence_string }}"),
            "3, 1, and 2"
        );
        assert_eq!(
            render_str("{{ site.nums | array_to_sentence_string: 'or' }}"),
            "3, 1, or 2"
        );
        assert_eq!(
            render_str(
                "{{ site.nums | push: 4 | join }}|{{ site.nums | pop | join }}|{{ site.nums | shift | join }}|{{ site.nums | unshift: 0 | join }}"
            ),
            "3 1 2 4|3 1|1 2|0 3 1 2"
        );
        assert_eq!(render_str("{{ site.nums | sample: 3 | size }}"), "3");
    }

    #[test]
    fn unknown_filters_are_skipped() {
        assert_eq!(render_str("{{ 'x' | no_such_filter | upcase }}"), "X");
    }
}
