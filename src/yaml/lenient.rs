//! YAML read straight into `serde_json::Value` as Ruby's YAML reads it: a key repeated
//! in a mapping keeps its last value (serde_yaml's own `Value` refuses it), tags are
//! dropped, keys that are not strings take their string form, non-finite floats
//! become their YAML spelling, and merge keys (`<<: *defaults`) merge as Psych merges
//! them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess};
use serde::de::{VariantAccess, Visitor};
use serde_json::{Map, Value};

/// What a parse noticed: how often each key was met so far (in document order) and
/// which meetings repeated a key of the same mapping.
#[derive(Default)]
pub(super) struct Notes {
    seen: RefCell<HashMap<String, usize>>,
    repeats: RefCell<Vec<(String, usize)>>,
}

impl Notes {
    /// Each repeated key with the number of its meeting in the whole document
    /// (1-based), in document order.
    pub(super) fn repeats(self) -> Vec<(String, usize)> {
        self.repeats.into_inner()
    }

    /// Counts a meeting of `key`; returns which meeting it is.
    fn meet(&self, key: &str) -> usize {
        let mut seen = self.seen.borrow_mut();
        let count = seen.entry(key.to_owned()).or_default();
        *count += 1;
        *count
    }
}

impl<'de> DeserializeSeed<'de> for &Notes {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for &Notes {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(non_finite(f).to_owned())))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key_seed(self)? {
            let key = key_string(key);
            let value = access.next_value_seed(self)?;
            let value = match (key.as_str(), value) {
                (MERGE_KEY, value) => match merged(value) {
                    Ok(merged) => {
                        map.extend(merged);
                        continue;
                    }
                    Err(value) => value,
                },
                (_, value) => value,
            };
            let meeting = self.meet(&key);
            if map.insert(key.clone(), value).is_some() {
                self.repeats.borrow_mut().push((key, meeting));
            }
        }
        Ok(Value::Object(map))
    }

    /// A tagged value (`!custom 5`): the tag is dropped.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, contents): (de::IgnoredAny, _) = data.variant()?;
        contents.newtype_variant_seed(self)
    }
}

/// YAML's merge key.
const MERGE_KEY: &str = "<<";

/// What a merge key's value adds to its mapping, as Psych's `revive_hash` does: a
/// mapping's entries (overriding the keys before the merge key, overridden by those
/// after it), or those of a list of mappings, the first one winning. Anything else
/// is no merge: an ordinary `<<` entry.
fn merged(value: Value) -> Result<Map<String, Value>, Value> {
    match value {
        Value::Object(map) => Ok(map),
        Value::Array(items) if items.iter().all(Value::is_object) => {
            let mut merged = Map::new();
            for item in items.into_iter().rev() {
                if let Value::Object(map) = item {
                    merged.extend(map);
                }
            }
            Ok(merged)
        }
        other => Err(other),
    }
}

/// A key as Ruby's `to_s` shows it: null is empty, other non-strings their JSON form.
fn key_string(key: Value) -> String {
    match key {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// YAML's spelling of a float JSON cannot hold.
fn non_finite(f: f64) -> &'static str {
    if f.is_nan() {
        ".nan"
    } else if f > 0.0 {
        ".inf"
    } else {
        "-.inf"
    }
}
