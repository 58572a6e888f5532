//! How filters read Liquid values as Ruby and Jekyll do: the text a value prints,
//! Ruby's `to_i`, `to_s` and `inspect`, and the items and properties Jekyll's array
//! filters see.

use liquid_core::model::{Value, ValueView};

use crate::render::liquid::ordered;

/// The text Liquid prints for a value (nil prints nothing).
pub(in crate::render::liquid) fn text_of(value: &dyn ValueView) -> String {
    if value.is_nil() {
        String::new()
    } else {
        value.to_kstr().to_string()
    }
}

/// A text as a Liquid value.
pub(in crate::render::liquid) fn text_value(text: String) -> Value {
    Value::scalar(text)
}

/// An array's items; a hash gives its values (as Jekyll's collection filters do),
/// nil nothing, and any other value itself.
pub(super) fn items_of(value: &dyn ValueView) -> Vec<Value> {
    item_views(value)
        .into_iter()
        .map(|v| v.to_value())
        .collect()
}

/// [`items_of`] without copying them: a filter that keeps a few items of a large
/// list (`site.docs | where: …` on every page) copies only those.
pub(super) fn item_views(value: &dyn ValueView) -> Vec<&dyn ValueView> {
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

pub(super) fn first_or_nil(items: Vec<Value>) -> Value {
    items.into_iter().next().unwrap_or(Value::Nil)
}

/// Jekyll's `item_property`: a key of a hash, dotted paths followed.
pub(super) fn item_property(item: &dyn ValueView, property: &str) -> Value {
    property_view(item, property).map_or(Value::Nil, |value| value.to_value())
}

/// [`item_property`] without copying it (`None` for nil).
pub(super) fn property_view<'v>(
    item: &'v dyn ValueView,
    property: &str,
) -> Option<&'v dyn ValueView> {
    let mut current = item;
    for key in property.split('.') {
        current = current.as_object()?.get(key)?;
    }
    Some(current)
}

/// Ruby's `to_i` as Jekyll's `to_integer` applies it: booleans are 1/0, numbers are
/// truncated, text gives its leading integer (0 when there is none).
pub(in crate::render::liquid) fn ruby_to_i(value: &dyn ValueView) -> i64 {
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
pub(in crate::render::liquid) fn ruby_inspect(value: &dyn ValueView) -> String {
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

/// Ruby's `to_s` of a property value, for Jekyll's comparisons.
pub(super) fn ruby_to_s(value: &dyn ValueView) -> String {
    text_of(value)
}
