//! The filters that take a collection apart, as Ruby gives them on each kind of
//! value: a hash is a list of `[key, value]` pairs in insertion order (`first` is its
//! first pair; Ruby's `Hash` has no `last`), and Jekyll's array filters return what is
//! not an array unchanged (`nil | push: 1` is nil).

use liquid_core::model::{ArrayView, Value, ValueView};
use liquid_core::{Language, Result};

use super::{Apply, FilterCall, register_functions, ruby_inspect, text_of, text_value};
use crate::render::liquid::ordered;

/// Registers `size`, `first`, `last`, `map`, `join`, `push`, `pop`, `shift` and `unshift`.
pub(super) fn register(language: &mut Language) {
    let filters: [(&str, Apply); 9] = [
        ("map", |c| {
            let property = text_of(c.arg(0));
            Ok(Value::Array(
                listed(c.input)
                    .into_iter()
                    .map(|item| {
                        item.as_object()
                            .and_then(|hash| hash.get(&property))
                            .map_or(Value::Nil, |v| v.to_value())
                    })
                    .collect(),
            ))
        }),
        ("join", |c| {
            let glue = if c.arg(0).is_nil() {
                " ".into()
            } else {
                text_of(c.arg(0))
            };
            let mut words = Vec::new();
            flatten_text(c.input, &mut words);
            Ok(text_value(words.join(&glue)))
        }),
        ("size", |c| Ok(Value::scalar(size(c.input)))),
        ("first", |c| Ok(first(c.input).unwrap_or(Value::Nil))),
        ("last", |c| {
            Ok(c.input
                .as_array()
                .and_then(|items| items.last())
                .map_or(Value::Nil, |v| v.to_value()))
        }),
        ("push", |c| {
            edit_array(c, |items, c| items.push(c.arg(0).to_value()))
        }),
        ("unshift", |c| {
            edit_array(c, |items, c| items.insert(0, c.arg(0).to_value()))
        }),
        ("pop", |c| {
            edit_array(c, |items, c| {
                let keep = items.len().saturating_sub(count(c));
                items.truncate(keep);
            })
        }),
        ("shift", |c| {
            edit_array(c, |items, c| {
                items.drain(..count(c).min(items.len()));
            })
        }),
    ];
    register_functions(language, &filters);
}

/// Ruby's `size`: a text's characters, an array's items, a hash's entries; 0 for
/// anything else.
fn size(value: &dyn ValueView) -> i64 {
    if let Some(items) = value.as_array() {
        items.size()
    } else if let Some(hash) = value.as_object() {
        i64::try_from(ordered::size(hash)).unwrap_or(i64::MAX)
    } else if let Some(text) = value.as_scalar().filter(|s| s.type_name() == "string") {
        i64::try_from(text.to_kstr().chars().count()).unwrap_or(i64::MAX)
    } else {
        0
    }
}

/// Ruby's `first`: an array's first item, a hash's first `[key, value]` pair.
fn first(value: &dyn ValueView) -> Option<Value> {
    if let Some(items) = value.as_array() {
        return items.first().map(|v| v.to_value());
    }
    ordered::pairs(value.as_object()?).into_iter().next()
}

/// The items `map` goes through, as Liquid's `InputIterator` gives them: an array's
/// items, nothing for nil, any other value (a hash too) alone.
fn listed(value: &dyn ValueView) -> Vec<&dyn ValueView> {
    match value.as_array() {
        Some(items) => {
            let mut flat = Vec::new();
            flatten_into(items, &mut flat);
            flat
        }
        None if value.is_nil() => Vec::new(),
        None => vec![value],
    }
}

/// The items of `items`, nested arrays flattened, as Liquid's `InputIterator` reads
/// an array (`push` of a list, then `map`).
fn flatten_into<'v>(items: &'v dyn ArrayView, flat: &mut Vec<&'v dyn ValueView>) {
    for item in items.values() {
        match item.as_array() {
            Some(nested) => flatten_into(nested, flat),
            None => flat.push(item),
        }
    }
}

/// The texts `join` joins, as Liquid's `InputIterator` gives them: nested arrays
/// flattened, a hash as Ruby prints it, nil as nothing.
fn flatten_text(value: &dyn ValueView, words: &mut Vec<String>) {
    if let Some(items) = value.as_array() {
        for item in items.values() {
            flatten_text(item, words);
        }
    } else if value.as_object().is_some() {
        words.push(ruby_inspect(value));
    } else {
        words.push(text_of(value));
    }
}

/// How many items `pop` and `shift` take (their argument, 1 by default).
fn count(call: &FilterCall<'_>) -> usize {
    let argument = call.arg(0);
    if argument.is_nil() {
        return 1;
    }
    argument
        .as_scalar()
        .and_then(|s| s.to_integer())
        .map_or(0, |n| usize::try_from(n).unwrap_or(0))
}

/// A copy of the input array changed by `edit`; any other input unchanged.
fn edit_array(call: &FilterCall<'_>, edit: fn(&mut Vec<Value>, &FilterCall<'_>)) -> Result<Value> {
    let Some(items) = call.input.as_array() else {
        return Ok(call.input.to_value());
    };
    let mut items: Vec<Value> = items.values().map(|v| v.to_value()).collect();
    edit(&mut items, call);
    Ok(Value::Array(items))
}

#[cfg(test)]
mod tests {
    use crate::render::liquid::tests::render_str;

    // Expected outputs observed with Jekyll 4.3.1.
    #[test]
    fn hashes_are_pairs_in_insertion_order() {
        assert_eq!(
            render_str(
                "{% for p in site.ranks %}{{ p[0] }}={{ p[1] }};{% endfor %} {{ site.ranks.first }} {{ site.ranks.first[0] }} [{{ site.ranks.last }}] {{ site.ranks.size }}"
            ),
            "zed=1;alice=2;mike=3;bob=4; zed1 zed [] 4"
        );
        assert_eq!(
            render_str(
                "{{ site.ranks | first }} [{{ site.ranks | last }}] {{ site.ranks | size }} {% assign r = site.ranks %}{% for p in r %}{{ p | first }}{% endfor %} {{ site.ranks | jsonify }}"
            ),
            "zed1 [] 4 zedalicemikebob {\"zed\":1,\"alice\":2,\"mike\":3,\"bob\":4}"
        );
    }

    #[test]
    fn indexing_with_an_array_or_a_hash_is_nil() {
        assert_eq!(
            render_str(
                "{% assign k = 'mike' %}[{{ site.ranks[k] }}][{{ site.ranks[site.nums] }}][{{ site.nums[site.ranks] }}][{{ site.nums[site.nums.size] }}][{{ site.nums[page.nothing] }}]"
            ),
            "[3][][][][]"
        );
    }

    #[test]
    fn array_filters_leave_other_values_alone() {
        assert_eq!(
            render_str(
                "[{{ nil | push: 1 | size }}][{{ 'abc' | size }}][{{ site.nums | pop: 2 | join }}][{{ site.nums | shift | join }}][{{ site.nums | last }}]"
            ),
            "[0][3][3][1 2][2]"
        );
        assert_eq!(
            render_str(
                "[{{ site.ranks | join: ',' }}][{{ nil | join }}][{{ site.nums | join: '-' }}]"
            ),
            r#"[{"zed"=>1, "alice"=>2, "mike"=>3, "bob"=>4}][][3-1-2]"#
        );
        assert_eq!(
            render_str(
                "[{{ site.ranks | map: 'zed' | join }}][{{ site.people | map: 'name' | join }}][{{ site.ranks | sort | first | join }}]"
            ),
            "[1][a b c][alice 2]"
        );
    }
}
