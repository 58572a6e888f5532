//! Jekyll's filters for Liquid, with Jekyll's outputs (expected values in the tests
//! were observed with Jekyll 4.3.1), one file per kind: [`urls`], [`dates`],
//! [`text`] and [`split`] for strings, [`arrays`] and [`collections`] for lists,
//! [`math`] for numbers, [`sass`] for stylesheets; [`values`] reads Liquid values as
//! Ruby does.
//!
//! Every filter here is a plain function over evaluated arguments ([`FilterCall`]),
//! registered through one adapter, [`JekyllFilter`], instead of a derive per filter.
//! The string and date work is shared with the tera filters in
//! [`crate::jekyll_filters`]. Filters that need the site (`relative_url`,
//! `markdownify`, `where_exp`…) find it in the render state.

mod arrays;
mod collections;
mod dates;
mod math;
mod sass;
mod split;
mod text;
mod urls;
mod values;

use std::fmt;

use liquid_core::model::{Value, ValueView};
use liquid_core::parser::FilterArguments;
use liquid_core::{Expression, Filter, FilterReflection, Language, ParseFilter, Result, Runtime};

pub(super) use values::{ruby_inspect, ruby_to_i, text_of, text_value};

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
    urls::register(language);
    dates::register(language);
    text::register(language);
    arrays::register(language);
    collections::register(language);
    sass::register(language);
    split::register(language);
    math::register(language);
    #[cfg(debug_assertions)]
    register_functions(
        language,
        &[(TEST_PANIC_FILTER, |_| panic!("{TEST_PANIC_FILTER}"))],
    );
}

/// A filter that panics, in debug builds only: the deliberate trigger of the tests
/// that check what a panicking stage does (`tests/serve.rs`, `tests/serve_hostile.rs`).
#[cfg(debug_assertions)]
const TEST_PANIC_FILTER: &str = "coldstart_test_panic";

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

#[cfg(test)]
mod tests {
    use crate::render::liquid::tests::render_str;

    #[test]
    fn unknown_filters_are_skipped() {
        assert_eq!(render_str("{{ 'x' | no_such_filter | upcase }}"), "X");
    }
}
