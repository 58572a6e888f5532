//! Liquid's `for` block, with Jekyll's lax lookups inside the loop.
//!
//! liquid-lib's `for` opens the loop scope with a plain `StackFrame`, in which
//! `{{ post.missing }}` is an error again; this one wraps each iteration's scope in
//! [`LaxRuntime`]. Syntax and behaviour are otherwise Liquid's: `limit:`, `offset:`,
//! `reversed`, `{% else %}`, `break`/`continue`, ranges `(a..b)`, and `forloop`
//! (`index`, `index0`, `rindex`, `rindex0`, `first`, `last`, `length`, `parentloop`).

use std::collections::HashMap;
use std::io::Write;

use liquid_core::model::{
    DisplayCow, KString, KStringCow, KStringRef, Object, ObjectRender, ObjectSource, ObjectView,
    Scalar, State, Value, ValueCow, ValueView,
};
use liquid_core::parser::{BlockElement, TryMatchToken};
use liquid_core::runtime::{Interrupt, InterruptRegister, StackFrame};
use liquid_core::{
    BlockReflection, Error, Expression, Language, ParseBlock, Renderable, Result, Runtime,
    TagBlock, TagTokenIter, Template,
};
use liquid_lib::stdlib::{Range, RangeExpression};

use super::filters::ruby_to_i;
use super::limits::MAX_ITERATIONS;
use super::ordered;
use super::runtime::{LaxRuntime, strict_variables, with_state};

/// Parses `{% for VAR in RANGE [limit: N] [offset: N] [reversed] %}…{% endfor %}`.
#[derive(Copy, Clone, Debug, Default)]
pub(super) struct ForBlock;

impl BlockReflection for ForBlock {
    fn start_tag(&self) -> &str {
        "for"
    }

    fn end_tag(&self) -> &str {
        "endfor"
    }

    fn description(&self) -> &str {
        "Repeats its body for each item of an array or range, with Jekyll's lax lookups."
    }
}

impl ParseBlock for ForBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let LoopHead { variable, range } = LoopHead::parse(&mut arguments)?;
        let mut limit = None;
        let mut offset = None;
        let mut reversed = false;
        while let Some(token) = arguments.next() {
            match token.as_str() {
                "limit" => limit = Some(attribute_value(&mut arguments)?),
                "offset" => offset = Some(attribute_value(&mut arguments)?),
                "reversed" => reversed = true,
                _ => {
                    return Err(
                        token.raise_custom_error("\"limit\", \"offset\" or \"reversed\" expected.")
                    );
                }
            }
        }
        let mut body = Vec::new();
        let mut otherwise = None;
        while let Some(element) = tokens.next()? {
            match element {
                BlockElement::Tag(mut tag) if tag.name() == "else" => {
                    tag.tokens().expect_nothing()?;
                    otherwise = Some(Template::new(tokens.parse_all(options)?));
                    break;
                }
                element => body.push(element.parse(&mut tokens, options)?),
            }
        }
        tokens.assert_empty();
        Ok(Box::new(ForLoop {
            variable,
            range,
            body: Template::new(body),
            otherwise,
            limit,
            offset,
            reversed,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

/// `VAR in COLLECTION`, how `for` and `tablerow` begin.
pub(super) struct LoopHead {
    /// The name each item is bound to.
    pub(super) variable: KString,
    /// What is gone through: an expression, or a range `(a..b)`.
    pub(super) range: RangeExpression,
}

impl LoopHead {
    /// Reads `VAR in COLLECTION` from the start of a tag's markup.
    pub(super) fn parse(arguments: &mut TagTokenIter<'_>) -> Result<LoopHead> {
        let variable = arguments
            .expect_next("Identifier expected.")?
            .expect_identifier()
            .into_result()?;
        arguments
            .expect_next("\"in\" expected.")?
            .expect_str("in")
            .into_result_custom_msg("\"in\" expected.")?;
        let range = arguments.expect_next("Array or range expected.")?;
        let range = match range.expect_value() {
            TryMatchToken::Matches(array) => RangeExpression::Array(array),
            TryMatchToken::Fails(range) => match range.expect_range() {
                TryMatchToken::Matches((start, stop)) => RangeExpression::Counted(start, stop),
                TryMatchToken::Fails(range) => return Err(range.raise_error()),
            },
        };
        Ok(LoopHead {
            variable: KString::from_ref(variable),
            range,
        })
    }
}

/// The items of an evaluated loop range: see [`items`]; a counted range of more than
/// [`MAX_ITERATIONS`] items is an error.
pub(super) fn range_items<'r>(range: &'r Range<'_>) -> Result<Vec<ValueCow<'r>>> {
    match range {
        Range::Array(collection) => Ok(items(collection.as_view())),
        Range::Counted(start, stop) if stop.abs_diff(*start) >= MAX_ITERATIONS => {
            Err(Error::with_msg(format!(
                "the range ({start}..{stop}) has more than {MAX_ITERATIONS} items"
            )))
        }
        Range::Counted(..) => range.evaluate(),
    }
}

/// The value after `limit`/`offset`: `: VALUE`.
pub(super) fn attribute_value(arguments: &mut TagTokenIter<'_>) -> Result<Expression> {
    arguments
        .expect_next("\":\" expected.")?
        .expect_str(":")
        .into_result_custom_msg("\":\" expected.")?;
    arguments
        .expect_next("Value expected.")?
        .expect_value()
        .into_result()
}

/// A parsed `for` loop.
#[derive(Debug)]
struct ForLoop {
    variable: KString,
    range: RangeExpression,
    body: Template,
    otherwise: Option<Template>,
    limit: Option<Expression>,
    offset: Option<Expression>,
    reversed: bool,
}

/// An optional whole-number attribute; `nil` counts as absent, as in Ruby Liquid.
fn whole_number(attribute: &Option<Expression>, runtime: &dyn Runtime) -> Result<Option<usize>> {
    let Some(expression) = attribute else {
        return Ok(None);
    };
    let value = expression.evaluate(runtime)?;
    if value.is_nil() {
        return Ok(None);
    }
    Ok(Some(
        value
            .as_scalar()
            .and_then(|scalar| scalar.to_integer())
            .map_or(0, |number| usize::try_from(number).unwrap_or(0)),
    ))
}

impl Renderable for ForLoop {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let range = evaluate_range(&self.range, runtime)?;
        let mut items = range_items(&range)?;
        let offset = whole_number(&self.offset, runtime)?
            .unwrap_or(0)
            .min(items.len());
        items.drain(..offset);
        if let Some(limit) = whole_number(&self.limit, runtime)? {
            items.truncate(limit);
        }
        if self.reversed {
            items.reverse();
        }
        if items.is_empty() {
            if let Some(otherwise) = &self.otherwise {
                otherwise.render_to(writer, runtime)?;
            }
            return Ok(());
        }
        let strict = strict_variables(runtime);
        let parent_loop = runtime.try_get(&[Scalar::new("forloop")]);
        let length = items.len();
        let mut writer = CountingWriter {
            inner: writer,
            written: 0,
        };
        for (index, item) in items.into_iter().enumerate() {
            writer.spend(runtime)?;
            // The item is lent to the loop's scope, never copied (a post's value holds
            // its whole content), and so is the enclosing loop's `forloop`.
            let parent = parent_loop.as_ref().map(|parent| parent as &dyn ValueView);
            let forloop = ForLoopObject::new(index, length, parent);
            let mut scope: HashMap<KStringRef<'_>, &dyn ValueView> = HashMap::with_capacity(2);
            scope.insert(KStringRef::from_static("forloop"), &forloop);
            scope.insert(self.variable.as_ref(), item.as_view());
            let frame = LaxRuntime::new(StackFrame::new(runtime, &scope), strict);
            self.body.render_to(&mut writer, &frame)?;
            let interrupt = frame.registers().get_mut::<InterruptRegister>().reset();
            if interrupt == Some(Interrupt::Break) {
                break;
            }
        }
        Ok(())
    }
}

/// A loop's range evaluated, its bounds as Ruby Liquid's `RangeLookup#to_integer`
/// reads them: a whole number as it is, nil and text by Ruby's `to_i` (a nil bound is
/// 0, never an error), anything else only when its text is a whole number.
pub(super) fn evaluate_range<'r>(
    range: &'r RangeExpression,
    runtime: &'r dyn Runtime,
) -> Result<Range<'r>> {
    let bound = |bound: &Expression| -> Result<i64> {
        let value = bound.evaluate(runtime)?;
        let scalar = value.as_scalar();
        match scalar.as_ref().map(|s| s.type_name()) {
            None if value.is_nil() => Ok(0),
            Some("whole number" | "string") => Ok(ruby_to_i(value.as_view())),
            _ => (scalar.map(|s| s.to_kstr().parse()))
                .and_then(std::result::Result::ok)
                .ok_or_else(|| Error::with_msg("invalid integer")),
        }
    };
    match range {
        RangeExpression::Counted(start, stop) => Ok(Range::Counted(bound(start)?, bound(stop)?)),
        array => array.evaluate(runtime),
    }
}

/// A writer that counts what goes through it, for the loop output bound.
pub(super) struct CountingWriter<'a> {
    pub(super) inner: &'a mut dyn Write,
    pub(super) written: u64,
}

impl CountingWriter<'_> {
    /// Charges what was written since the last call, and one iteration, to the
    /// document's loop budget: an error once it is spent.
    pub(super) fn spend(&mut self, runtime: &dyn Runtime) -> Result<()> {
        let written = std::mem::take(&mut self.written);
        match with_state(runtime, |state| state.loops.spend(written)) {
            Some(exhausted) => Err(Error::with_msg(exhausted)),
            None => Ok(()),
        }
    }
}

impl Write for CountingWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// What `for` goes through, as Ruby Liquid's `slice_collection` gives it: an array's
/// items, a hash's `[key, value]` pairs in order, a non-empty text once, and nothing
/// for anything else (nil, a number).
fn items(collection: &dyn ValueView) -> Vec<ValueCow<'_>> {
    if let Some(array) = collection.as_array() {
        return array.values().map(ValueCow::Borrowed).collect();
    }
    if let Some(hash) = collection.as_object() {
        return ordered::pairs(hash)
            .into_iter()
            .map(ValueCow::Owned)
            .collect();
    }
    match collection.as_scalar() {
        Some(text) if text.type_name() == "string" && !text.to_kstr().is_empty() => {
            vec![ValueCow::Borrowed(collection)]
        }
        _ => Vec::new(),
    }
}

/// The `forloop` object of one iteration, built per iteration without a map: its
/// numbers are kept in key order, and `parentloop` borrows the enclosing loop's.
#[derive(Debug)]
struct ForLoopObject<'a> {
    /// The values of [`FORLOOP_KEYS`] but `parentloop`, in that order.
    numbers: [Value; 7],
    /// The enclosing loop's `forloop`, or nil.
    parent: Option<&'a dyn ValueView>,
    nil: Value,
}

/// The keys of `forloop`, in the order it lists them.
const FORLOOP_KEYS: [&str; 8] = [
    "length",
    "index",
    "index0",
    "rindex",
    "rindex0",
    "first",
    "last",
    "parentloop",
];

impl<'a> ForLoopObject<'a> {
    /// The `forloop` of iteration `index` (0-based) of `length`.
    fn new(index: usize, length: usize, parent: Option<&'a dyn ValueView>) -> Self {
        let number = |n: usize| Value::scalar(i64::try_from(n).unwrap_or(i64::MAX));
        ForLoopObject {
            numbers: [
                number(length),
                number(index + 1),
                number(index),
                number(length - index),
                number(length - index - 1),
                Value::scalar(index == 0),
                Value::scalar(index + 1 == length),
            ],
            parent,
            nil: Value::Nil,
        }
    }

    /// The value at position `at` of [`FORLOOP_KEYS`].
    fn value_at(&self, at: usize) -> &dyn ValueView {
        match self.numbers.get(at) {
            Some(number) => number,
            None => self.parent.unwrap_or(&self.nil),
        }
    }
}

impl ValueView for ForLoopObject<'_> {
    fn as_debug(&self) -> &dyn std::fmt::Debug {
        self
    }
    fn render(&self) -> DisplayCow<'_> {
        DisplayCow::Owned(Box::new(ObjectRender::new(self)))
    }
    fn source(&self) -> DisplayCow<'_> {
        DisplayCow::Owned(Box::new(ObjectSource::new(self)))
    }
    fn type_name(&self) -> &'static str {
        "object"
    }
    fn query_state(&self, state: State) -> bool {
        matches!(state, State::Truthy)
    }
    fn to_kstr(&self) -> KStringCow<'_> {
        KStringCow::from_string(self.render().to_string())
    }
    fn to_value(&self) -> Value {
        let pairs = self
            .iter()
            .map(|(key, value)| (key.into_owned(), value.to_value()));
        Value::Object(pairs.collect::<Object>())
    }
    fn as_object(&self) -> Option<&dyn ObjectView> {
        Some(self)
    }
}

impl ObjectView for ForLoopObject<'_> {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        FORLOOP_KEYS.len() as i64
    }
    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        Box::new(FORLOOP_KEYS.iter().map(|key| KStringCow::from_static(key)))
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new((0..FORLOOP_KEYS.len()).map(|at| self.value_at(at)))
    }
    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        Box::new(self.keys().zip(self.values()))
    }
    fn contains_key(&self, index: &str) -> bool {
        FORLOOP_KEYS.contains(&index)
    }
    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        let at = FORLOOP_KEYS.iter().position(|key| *key == index)?;
        Some(self.value_at(at))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::render_str;

    // Expected outputs observed with Jekyll 4.3.1 (Ruby Liquid 4.0.4).
    #[test]
    fn for_supports_limit_offset_reversed_and_forloop() {
        assert_eq!(
            render_str(
                "{% for i in (1..5) limit: 3 offset: 1 %}{{ i }}{% unless forloop.last %},{% endunless %}{% endfor %}"
            ),
            "2,3,4"
        );
        assert_eq!(
            render_str("{% for i in (1..3) reversed %}{{ forloop.index }}{{ i }} {% endfor %}"),
            "13 22 31 "
        );
        assert_eq!(
            render_str(
                "{% for i in (1..5) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 4 %}{% break %}{% endif %}{{ i }}{% endfor %}"
            ),
            "13"
        );
    }

    #[test]
    fn for_over_a_text_runs_once_and_over_a_number_not_at_all() {
        assert_eq!(
            render_str(
                "{% for x in 'ab' %}[{{ x }}]{% endfor %}{% for x in '' %}e{% endfor %}{% for x in 3 %}n{% endfor %}"
            ),
            "[ab]"
        );
    }

    #[test]
    fn for_over_nothing_renders_else_and_items_are_lax() {
        assert_eq!(
            render_str("{% for x in page.nothing %}x{% else %}none{% endfor %}"),
            "none"
        );
        assert_eq!(
            render_str("{% for p in site.people %}[{{ p.missing }}{{ p.name }}]{% endfor %}"),
            "[a][b][c]"
        );
        assert_eq!(
            render_str(
                "{% for a in (1..2) %}{% for b in (1..2) %}{{ forloop.parentloop.index }}{{ b }} {% endfor %}{% endfor %}"
            ),
            "11 12 21 22 "
        );
    }

    #[test]
    fn range_bounds_read_nil_and_text_as_ruby_does() {
        assert_eq!(
            render_str("{% for i in (1..page.nothing) %}{{ i }}{% endfor %}"),
            ""
        );
        assert_eq!(
            render_str("{% for i in (page.nothing..1) %}{{ i }}{% endfor %}"),
            "01"
        );
        let text = "{% assign n = ' 3 apples' %}{% for i in (1..n) %}{{ i }}{% endfor %}";
        assert_eq!(render_str(text), "123");
    }
}
