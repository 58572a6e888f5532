//! `{% coldstart_value EXPRESSION %}`, a tag no template writes: it evaluates a Liquid
//! expression (filters included) and keeps the value in the render state instead of
//! printing it. Jekyll's `group_by_exp` names each group with the expression's value
//! (a number stays a number, so `group.name == 0` holds), which rendering the
//! expression as text would lose.

use std::io::Write;

use liquid_core::parser::FilterChain;
use liquid_core::{
    Language, ParseTag, Renderable, Result, Runtime, TagReflection, TagTokenIter, ValueView,
};

use super::runtime::with_state;

/// The tag's name.
pub(super) const VALUE_TAG: &str = "coldstart_value";

/// Parses `{% coldstart_value EXPRESSION %}`.
#[derive(Clone, Debug)]
pub(super) struct ValueTag;

impl TagReflection for ValueTag {
    fn tag(&self) -> &str {
        VALUE_TAG
    }

    fn description(&self) -> &str {
        "Evaluates an expression for a filter (group_by_exp), printing nothing."
    }
}

/// A parsed `coldstart_value` tag.
#[derive(Debug)]
struct Evaluate {
    expression: FilterChain,
}

impl ParseTag for ValueTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let expression = arguments
            .expect_next("an expression")?
            .expect_filter_chain(options)
            .into_result()?;
        arguments.expect_nothing()?;
        Ok(Box::new(Evaluate { expression }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

impl Renderable for Evaluate {
    fn render_to(&self, _: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let value = self.expression.evaluate(runtime)?.to_value();
        with_state(runtime, |state| state.expression_value = Some(value));
        Ok(())
    }
}
