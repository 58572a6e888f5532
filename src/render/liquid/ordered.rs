//! Hashes in insertion order, as Ruby keeps them.
//!
//! liquid-core's `Object` is a `HashMap`: a hash from front matter, `_config.yml` or a
//! data file would iterate (`for`, `first`, `jsonify`…) in an order that changes from
//! build to build. Every hash made here carries its key order in an entry of its own
//! under [`ORDER_KEY`] (a name Liquid markup cannot write), which survives every copy
//! liquid makes of the value (`assign`, loop items, filter inputs). Whatever iterates
//! or counts a hash asks [`entries`] or [`size`], which follow that order and hide the
//! entry; a hash without it iterates in key order, still the same in every build.

use std::collections::HashSet;

use liquid_core::model::{KString, KStringCow, Object, ObjectView, Value, ValueView};
use serde_json::Value as Json;

/// The hidden entry holding a hash's keys in order.
pub(super) const ORDER_KEY: &str = "\u{1}order";

/// JSON data (front matter, configuration, data files) as a Liquid value, every hash
/// keeping its key order.
pub(super) fn from_json(json: &Json) -> Value {
    match json {
        Json::Null => Value::Nil,
        Json::Bool(flag) => Value::scalar(*flag),
        Json::Number(number) => match number.as_i64() {
            Some(whole) => Value::scalar(whole),
            None => Value::scalar(number.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(text) => Value::scalar(text.clone()),
        Json::Array(items) => Value::Array(items.iter().map(from_json).collect()),
        Json::Object(map) => object(
            map.iter()
                .map(|(key, value)| (KString::from_ref(key), from_json(value))),
        ),
    }
}

/// A hash of `entries`, in their order.
pub(super) fn object(entries: impl IntoIterator<Item = (KString, Value)>) -> Value {
    let mut object = Object::new();
    let mut keys = Vec::new();
    for (key, value) in entries {
        if object.insert(key.clone(), value).is_none() {
            keys.push(Value::scalar(key));
        }
    }
    if keys.len() > 1 {
        object.insert(KString::from_static(ORDER_KEY), Value::Array(keys));
    }
    Value::Object(object)
}

/// A hash's entries in insertion order, without the hidden one; keys added after the
/// hash was made (not in its order) follow, sorted.
pub(super) fn entries(object: &dyn ObjectView) -> Vec<(KStringCow<'_>, &dyn ValueView)> {
    let mut ordered: Vec<(KStringCow<'_>, &dyn ValueView)> = Vec::with_capacity(size(object));
    if let Some(order) = object.get(ORDER_KEY).and_then(|o| o.as_array()) {
        for key in order.values() {
            let key = key.to_kstr();
            if let Some(value) = object.get(key.as_str()) {
                ordered.push((key, value));
            }
        }
    }
    if ordered.len() < size(object) {
        let known: HashSet<String> = ordered.iter().map(|(k, _)| k.to_string()).collect();
        let mut rest: Vec<(KStringCow<'_>, &dyn ValueView)> = object
            .iter()
            .filter(|(key, _)| key != ORDER_KEY && !known.contains(key.as_str()))
            .collect();
        rest.sort_by(|a, b| a.0.cmp(&b.0));
        ordered.extend(rest);
    }
    ordered
}

/// How many entries a hash has (the hidden one not counted).
pub(super) fn size(object: &dyn ObjectView) -> usize {
    usize::try_from(object.size()).unwrap_or(0) - usize::from(object.contains_key(ORDER_KEY))
}

/// A hash's entries as Ruby's `Hash#to_a` gives them: `[key, value]` pairs in order
/// (what `for` and `first` see).
pub(super) fn pairs(object: &dyn ObjectView) -> Vec<Value> {
    entries(object)
        .into_iter()
        .map(|(key, value)| Value::Array(vec![Value::scalar(key.into_owned()), value.to_value()]))
        .collect()
}

/// A value as JSON, hashes in their order without the hidden entry (`jsonify`).
pub(super) fn to_json(value: &dyn ValueView) -> Json {
    if let Some(object) = value.as_object() {
        return Json::Object(
            entries(object)
                .into_iter()
                .map(|(key, value)| (key.to_string(), to_json(value)))
                .collect(),
        );
    }
    if let Some(array) = value.as_array() {
        return Json::Array(array.values().map(to_json).collect());
    }
    serde_json::to_value(value.to_value()).unwrap_or(Json::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_keep_their_order_through_copies() {
        let json: Json =
            serde_json::from_str(r#"{"zed": 1, "alice": {"b": 2, "a": 3}, "mike": [4]}"#).unwrap();
        let value = from_json(&json).to_value();
        let object = value.as_object().unwrap();
        let keys: Vec<String> = entries(object).iter().map(|(k, _)| k.to_string()).collect();
        assert_eq!(keys, ["zed", "alice", "mike"]);
        assert_eq!(size(object), 3);
        assert_eq!(
            to_json(&value).to_string(),
            r#"{"zed":1,"alice":{"b":2,"a":3},"mike":[4]}"#
        );
        let first = &pairs(object)[0];
        assert_eq!(first.to_kstr(), "zed1");
    }

    #[test]
    fn hashes_without_an_order_iterate_by_key() {
        let mut plain = Object::new();
        plain.insert("b".into(), Value::scalar(1));
        plain.insert("a".into(), Value::scalar(2));
        let keys: Vec<String> = entries(&plain).iter().map(|(k, _)| k.to_string()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(size(&plain), 2);
    }
}
