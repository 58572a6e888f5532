//! Ruby Liquid's array filters read their input through `InputIterator`, which
//! flattens nested arrays: Chirpy's related posts `push` whole tag lists onto an
//! array and then `uniq` it, and get posts, not lists. liquid-lib's `uniq`,
//! `reverse`, `compact`, `concat` and `sort_natural` take the nesting as it is;
//! [`Flattened`] wraps one of them so that it sees the flat array.

use std::fmt;

use liquid_core::parser::FilterArguments;
use liquid_core::{Filter, FilterReflection, ParseFilter, Result, Runtime, Value, ValueView};

/// A liquid-lib filter whose input is flattened first.
#[derive(Clone)]
pub(super) struct Flattened(pub(super) Box<dyn ParseFilter>);

impl ParseFilter for Flattened {
    fn parse(&self, arguments: FilterArguments) -> Result<Box<dyn Filter>> {
        Ok(Box::new(FlattenedFilter(self.0.parse(arguments)?)))
    }

    fn reflection(&self) -> &dyn FilterReflection {
        self.0.reflection()
    }
}

/// A parsed [`Flattened`] filter.
#[derive(Debug)]
struct FlattenedFilter(Box<dyn Filter>);

impl fmt::Display for FlattenedFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Filter for FlattenedFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let nested = input
            .as_array()
            .is_some_and(|items| items.values().any(|item| item.as_array().is_some()));
        if !nested {
            return self.0.evaluate(input, runtime);
        }
        let mut flat = Vec::new();
        flatten(input, &mut flat);
        self.0.evaluate(&Value::Array(flat), runtime)
    }
}

/// `value`'s items, nested arrays flattened (Ruby's `Array#flatten`).
fn flatten(value: &dyn ValueView, flat: &mut Vec<Value>) {
    match value.as_array() {
        Some(items) => items.values().for_each(|item| flatten(item, flat)),
        None => flat.push(value.to_value()),
    }
}
