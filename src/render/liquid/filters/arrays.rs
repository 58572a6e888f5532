//! Jekyll's array filters: `where`, `find` and their `_exp` forms, `group_by` and
//! `group_by_exp`, `sort` with Jekyll's nil order, and `sample`, comparing values as
//! Ruby does.

use std::cmp::Ordering;

use liquid_core::model::{Object, ScalarCow, Value, ValueView};
use liquid_core::runtime::StackFrame;
use liquid_core::{Error, Language, Renderable, Result, Template};

use super::values::{first_or_nil, item_property, item_views, items_of, property_view, ruby_to_s};
use super::{Apply, FilterCall, register_functions, text_of, text_value};
use crate::render::liquid::ordered;
use crate::render::liquid::runtime::{LaxRuntime, site_of, with_state};

/// Registers the array filters.
pub(super) fn register(language: &mut Language) {
    let filters: [(&str, Apply); 8] = [
        ("where", where_filter),
        ("find", |c| Ok(first_or_nil(matching(c)?))),
        ("where_exp", |c| Ok(Value::Array(matching_expression(c)?))),
        ("find_exp", |c| Ok(first_or_nil(matching_expression(c)?))),
        ("group_by", group_by),
        ("group_by_exp", group_by_exp),
        ("sort", sort),
        ("sample", sample),
    ];
    register_functions(language, &filters);
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
    let tag = crate::render::liquid::value_tag::VALUE_TAG;
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
    use crate::render::liquid::tests::render_str;

    // Every expected value below was observed with Jekyll 4.3.1 on the same input
    // (site from `crate::render::liquid::tests::site`: url https://ex.com, baseurl /blog).

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
}
