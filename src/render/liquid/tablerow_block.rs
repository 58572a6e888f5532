//! Liquid's `tablerow` block as Ruby Liquid renders it: `cols`, `limit` and `offset`
//! read with Ruby's `to_i` (`cols: 0`, a negative or non-numeric value mean one row,
//! where liquid-lib's block divides by zero), rows opened and closed with Ruby's line
//! breaks, `tablerowloop` with its `row` and `col`, and Jekyll's lax lookups inside.

use std::collections::HashMap;
use std::io::Write;

use liquid_core::error::ResultLiquidReplaceExt;
use liquid_core::model::{KString, KStringRef, Object, Value, ValueView};
use liquid_core::runtime::{Interrupt, InterruptRegister, StackFrame};
use liquid_core::{
    BlockReflection, Expression, Language, ParseBlock, Renderable, Result, Runtime, TagBlock,
    TagTokenIter, Template,
};
use liquid_lib::stdlib::{Range, RangeExpression};

use super::filters::ruby_to_i;
use super::for_block::{CountingWriter, LoopHead, attribute_value, evaluate_range, range_items};
use super::runtime::{LaxRuntime, strict_variables};

/// The error when the output cannot be written.
const WRITE_FAILED: &str = "Failed to render";

/// Parses `{% tablerow VAR in COLLECTION [cols: N] [limit: N] [offset: N] %}…`.
#[derive(Copy, Clone, Debug, Default)]
pub(super) struct TableRowBlock;

impl BlockReflection for TableRowBlock {
    fn start_tag(&self) -> &str {
        "tablerow"
    }

    fn end_tag(&self) -> &str {
        "endtablerow"
    }

    fn description(&self) -> &str {
        "Lays out its body once per item in the cells of HTML table rows."
    }
}

impl ParseBlock for TableRowBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let LoopHead { variable, range } = LoopHead::parse(&mut arguments)?;
        let mut attributes = TableAttributes::default();
        while let Some(token) = arguments.next() {
            let slot = match token.as_str() {
                "cols" => &mut attributes.cols,
                "limit" => &mut attributes.limit,
                "offset" => &mut attributes.offset,
                _ => {
                    return Err(
                        token.raise_custom_error("\"cols\", \"limit\" or \"offset\" expected.")
                    );
                }
            };
            *slot = Some(attribute_value(&mut arguments)?);
        }
        let body = Template::new(tokens.parse_all(options)?);
        tokens.assert_empty();
        Ok(Box::new(TableRow {
            variable,
            range,
            body,
            attributes,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

/// A `tablerow`'s `cols`, `limit` and `offset`.
#[derive(Debug, Default)]
struct TableAttributes {
    cols: Option<Expression>,
    limit: Option<Expression>,
    offset: Option<Expression>,
}

/// A parsed `tablerow`.
#[derive(Debug)]
struct TableRow {
    variable: KString,
    range: RangeExpression,
    body: Template,
    attributes: TableAttributes,
}

/// An attribute's value as Ruby's `to_i` reads it (nil is 0), `None` when absent.
fn ruby_integer(attribute: &Option<Expression>, runtime: &dyn Runtime) -> Result<Option<i64>> {
    attribute
        .as_ref()
        .map(|expression| Ok(ruby_to_i(expression.evaluate(runtime)?.as_view())))
        .transpose()
}

impl Renderable for TableRow {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let range = evaluate_range(&self.range, runtime)?;
        if let Range::Array(collection) = &range
            && !collection.query_state(liquid_core::model::State::Truthy)
        {
            return Ok(());
        }
        let from = ruby_integer(&self.attributes.offset, runtime)?.unwrap_or(0);
        let to = ruby_integer(&self.attributes.limit, runtime)?.map(|limit| from + limit);
        let cols = ruby_integer(&self.attributes.cols, runtime)?.unwrap_or(0);
        let items: Vec<_> = (range_items(&range)?.into_iter().enumerate())
            .filter(|(index, _)| {
                let index = i64::try_from(*index).unwrap_or(i64::MAX);
                index >= from && to.is_none_or(|to| index < to)
            })
            .map(|(_, item)| item)
            .collect();
        let strict = strict_variables(runtime);
        let mut writer = CountingWriter {
            inner: writer,
            written: 0,
        };
        let mut cell = Cell::first(items.len(), cols);
        writer
            .write_all(b"<tr class=\"row1\">\n")
            .replace(WRITE_FAILED)?;
        for item in &items {
            writer.spend(runtime)?;
            let tablerowloop = cell.tablerowloop();
            let mut scope: HashMap<KStringRef<'_>, &dyn ValueView> = HashMap::with_capacity(2);
            scope.insert(KStringRef::from_static("tablerowloop"), &tablerowloop);
            scope.insert(self.variable.as_ref(), item.as_view());
            let frame = LaxRuntime::new(StackFrame::new(runtime, &scope), strict);
            write!(writer, "<td class=\"col{}\">", cell.col).replace(WRITE_FAILED)?;
            self.body.render_to(&mut writer, &frame)?;
            writer.write_all(b"</td>").replace(WRITE_FAILED)?;
            if cell.col == cols && !cell.is_last() {
                write!(writer, "</tr>\n<tr class=\"row{}\">", cell.row + 1)
                    .replace(WRITE_FAILED)?;
            }
            let interrupt = frame.registers().get_mut::<InterruptRegister>().reset();
            if interrupt == Some(Interrupt::Break) {
                break;
            }
            cell.advance();
        }
        writer.write_all(b"</tr>\n").replace(WRITE_FAILED)?;
        Ok(())
    }
}

/// Where an item goes, as Ruby Liquid's `TablerowloopDrop` counts: `col` runs from 1
/// to `cols` and starts a new row after it (never, when `cols` is below 1).
struct Cell {
    length: usize,
    cols: i64,
    index: usize,
    row: i64,
    col: i64,
}

impl Cell {
    /// The first cell of a table of `length` items.
    fn first(length: usize, cols: i64) -> Cell {
        Cell {
            length,
            cols,
            index: 0,
            row: 1,
            col: 1,
        }
    }

    fn is_last(&self) -> bool {
        self.index + 1 == self.length
    }

    /// The next item's cell.
    fn advance(&mut self) {
        self.index += 1;
        if self.col == self.cols {
            self.col = 1;
            self.row += 1;
        } else {
            self.col += 1;
        }
    }

    /// The `tablerowloop` object of this cell.
    fn tablerowloop(&self) -> Value {
        let number = |n: usize| Value::scalar(i64::try_from(n).unwrap_or(i64::MAX));
        let mut object = Object::new();
        object.insert("length".into(), number(self.length));
        object.insert("index".into(), number(self.index + 1));
        object.insert("index0".into(), number(self.index));
        object.insert("rindex".into(), number(self.length - self.index));
        object.insert("rindex0".into(), number(self.length - self.index - 1));
        object.insert("first".into(), Value::scalar(self.index == 0));
        object.insert("last".into(), Value::scalar(self.is_last()));
        object.insert("row".into(), Value::scalar(self.row));
        object.insert("col".into(), Value::scalar(self.col));
        object.insert("col0".into(), Value::scalar(self.col - 1));
        object.insert("col_first".into(), Value::scalar(self.col == 1));
        object.insert("col_last".into(), Value::scalar(self.col == self.cols));
        Value::Object(object)
    }
}
