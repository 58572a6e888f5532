//! Jekyll's lax variable semantics on top of liquid-core, and the per-render state
//! that tags and filters share.
//!
//! liquid-core looks every variable up with `Runtime::get`, which fails for an
//! undefined name or a missing key at any depth (`{{ page.missing }}` is "Unknown
//! index"), while Ruby Liquid, as Jekyll configures it (`strict_variables: false`),
//! gives `nil`. [`LaxRuntime`] answers `get` from `try_get`, which never fails, and
//! gives `nil` when nothing is found. Every scope a tag opens (`for`, `include`) is
//! wrapped in it again, which is why coldstart has its own `for` block.

use std::path::PathBuf;
use std::sync::Arc;

use liquid_core::model::{KString, KStringCow, KStringRef, ScalarCow, Value, ValueCow, ValueView};
use liquid_core::runtime::{PartialStore, Registers};
use liquid_core::{Result, Runtime};

use super::LiquidSite;
use super::contains_guard::CONTAINER_ROOT;
use super::errors::RenderError;
use super::index_guard::{NO_KEY, SCALAR_ROOT};
use super::nil_guard;
use super::ordered;
use crate::diagnostic::{Location, Warning};

/// A runtime whose failed lookups give `nil` instead of an error, unless the site
/// asks for `strict_variables`.
pub(super) struct LaxRuntime<R> {
    inner: R,
    strict_variables: bool,
}

impl<R: Runtime> LaxRuntime<R> {
    /// Wraps `inner`; with `strict_variables` lookups fail as in liquid-core.
    pub(super) fn new(inner: R, strict_variables: bool) -> Self {
        LaxRuntime {
            inner,
            strict_variables,
        }
    }
}

impl<R: Runtime> Runtime for LaxRuntime<R> {
    fn partials(&self) -> &dyn PartialStore {
        self.inner.partials()
    }

    fn name(&self) -> Option<KStringRef<'_>> {
        self.inner.name()
    }

    fn roots(&self) -> std::collections::BTreeSet<KStringCow<'_>> {
        self.inner.roots()
    }

    fn try_get(&self, path: &[ScalarCow<'_>]) -> Option<ValueCow<'_>> {
        let (root, indexes) = path.split_first()?;
        if root.to_kstr().as_str() == SCALAR_ROOT {
            return Some(self.try_get(indexes).map_or_else(no_key, scalar_or_no_key));
        }
        if root.to_kstr().as_str() == CONTAINER_ROOT {
            return Some(container(self.try_get(indexes)));
        }
        if let Some(test) = nil_guard::test_for_root(root.to_kstr().as_str()) {
            return Some(test(self.try_get(indexes).as_ref().map(|v| v.as_view())));
        }
        // The inner runtime walks the plain keys itself, so an assigned variable is
        // copied from its leaf, not whole; the Ruby-only members are walked here.
        let plain = indexes
            .iter()
            .position(|index| !is_plain_key(index))
            .unwrap_or(indexes.len());
        let mut current = self.inner.try_get(&path[..=plain])?;
        for index in &indexes[plain..] {
            current = match current {
                ValueCow::Borrowed(value) => member(value, index)?,
                ValueCow::Owned(value) => ValueCow::Owned(member(&value, index)?.into_owned()),
            };
        }
        Some(current)
    }

    fn get(&self, path: &[ScalarCow<'_>]) -> Result<ValueCow<'_>> {
        if self.strict_variables {
            return match path.split_first() {
                Some((root, indexes)) if root.to_kstr().as_str() == SCALAR_ROOT => {
                    self.inner.get(indexes).map(scalar_or_no_key)
                }
                Some((root, indexes)) if root.to_kstr().as_str() == CONTAINER_ROOT => {
                    self.inner.get(indexes).map(|value| container(Some(value)))
                }
                Some((root, _)) if nil_guard::test_for_root(root.to_kstr().as_str()).is_some() => {
                    Ok(self.try_get(path).unwrap_or(ValueCow::Owned(Value::Nil)))
                }
                _ => self.inner.get(path),
            };
        }
        Ok(self.try_get(path).unwrap_or(ValueCow::Owned(Value::Nil)))
    }

    fn set_global(&self, name: KString, value: Value) -> Option<Value> {
        self.inner.set_global(name, value)
    }

    fn set_index(&self, name: KString, value: Value) -> Option<Value> {
        self.inner.set_index(name, value)
    }

    fn get_index<'a>(&'a self, name: &str) -> Option<ValueCow<'a>> {
        self.inner.get_index(name)
    }

    fn registers(&self) -> &Registers {
        self.inner.registers()
    }
}

/// Whether liquid-core looks `index` up as Ruby Liquid does: anything but the members
/// [`member`] gives its own meaning (`size`, `first`, `last`, the order key).
fn is_plain_key(index: &ScalarCow<'_>) -> bool {
    !matches!(
        index.to_kstr().as_str(),
        "size" | "first" | "last" | ordered::ORDER_KEY
    )
}

/// A guarded index's value: itself when a scalar, else (nil, an array, a hash) a key
/// nothing has.
fn scalar_or_no_key(value: ValueCow<'_>) -> ValueCow<'_> {
    if value.as_scalar().is_some() {
        value
    } else {
        no_key()
    }
}

/// The key nothing has.
fn no_key<'a>() -> ValueCow<'a> {
    ValueCow::Owned(Value::scalar(NO_KEY))
}

/// `value[index]` (or `value.index`) as Ruby Liquid looks it up: an array's item (from
/// the end when negative), `first`, `last` or `size`; a hash's entry, else its `size`
/// or its `first` `[key, value]` pair (Ruby's `Hash#first`; a hash has no `last`);
/// a text's `size` in characters.
fn member<'a>(value: &'a dyn ValueView, index: &ScalarCow<'_>) -> Option<ValueCow<'a>> {
    let count = |n: usize| ValueCow::Owned(Value::scalar(i64::try_from(n).unwrap_or(i64::MAX)));
    if let Some(array) = value.as_array() {
        if let Some(position) = index.to_integer() {
            return array.get(position).map(ValueCow::Borrowed);
        }
        return match index.to_kstr().as_str() {
            "first" => array.first().map(ValueCow::Borrowed),
            "last" => array.last().map(ValueCow::Borrowed),
            "size" => Some(count(array.size() as usize)),
            _ => None,
        };
    }
    if let Some(object) = value.as_object() {
        let key = index.to_kstr();
        if key.as_str() == ordered::ORDER_KEY {
            return None;
        }
        if let Some(found) = object.get(key.as_str()) {
            return Some(ValueCow::Borrowed(found));
        }
        return match key.as_str() {
            "size" => Some(count(ordered::size(object))),
            "first" => ordered::pairs(object)
                .into_iter()
                .next()
                .map(ValueCow::Owned),
            _ => None,
        };
    }
    let scalar = value.as_scalar()?;
    (index.to_kstr().as_str() == "size").then(|| count(scalar.to_kstr().chars().count()))
}

/// One include being rendered: where its tag is (file and line).
#[derive(Debug, Clone)]
pub(super) struct IncludeCall {
    /// The `{% include %}` tag's place, in the file that contains it.
    pub(super) tag: Location,
    /// The included file.
    pub(super) file: PathBuf,
}

/// What one document's render shares between its tags and filters, kept in the
/// runtime's registers (so it travels through every scope without globals).
#[derive(Default)]
pub(super) struct RenderState {
    /// The site being built; `None` only before the render starts.
    pub(super) site: Option<Arc<LiquidSite>>,
    /// The document's source file (for `include_relative` and messages).
    pub(super) document: PathBuf,
    /// The document's folder relative to the source (`include_relative` base).
    pub(super) document_dir: PathBuf,
    /// 1-based line of the document where the rendered text starts.
    pub(super) first_line: usize,
    /// The includes being rendered, outermost first.
    pub(super) includes: Vec<IncludeCall>,
    /// The first error a tag reported, with its place; it wins over liquid's message.
    pub(super) failure: Option<RenderError>,
    /// Warnings from included files and tags.
    pub(super) warnings: Vec<Warning>,
    /// How many `{% demo %}` widgets this render wrote (their ids count up; the
    /// first brings the script).
    pub(super) demos: usize,
    /// What the document's loops have spent (see [`super::limits`]).
    pub(super) loops: super::limits::LoopBudget,
    /// What `{% seo %}` and `{% feed_meta %}` print (set for layouts).
    pub(super) head: super::layouts::HeadTags,
    /// The value the last `{% coldstart_value %}` evaluated (see [`super::value_tag`]).
    pub(super) expression_value: Option<liquid_core::model::Value>,
}

impl RenderState {
    /// The file the tag being rendered is written in, and the line offset to add to
    /// a line of the text liquid parsed to get a line of that file.
    pub(super) fn current_file(&self) -> (PathBuf, usize) {
        match self.includes.last() {
            Some(call) => (call.file.clone(), 0),
            None => (self.document.clone(), self.first_line.saturating_sub(1)),
        }
    }

    /// The include tags that led to the current file, innermost first.
    pub(super) fn include_chain(&self) -> Vec<Location> {
        self.includes
            .iter()
            .rev()
            .map(|call| call.tag.clone())
            .collect()
    }

    /// Records `error` (the first one wins) and returns the liquid error that unwinds
    /// the render.
    pub(super) fn fail(&mut self, error: RenderError) -> liquid_core::Error {
        let message = error.to_string();
        self.failure.get_or_insert(error);
        liquid_core::Error::with_msg(message)
    }
}

/// Runs `f` with the render state of `runtime`.
pub(super) fn with_state<T>(runtime: &dyn Runtime, f: impl FnOnce(&mut RenderState) -> T) -> T {
    f(&mut runtime.registers().get_mut::<RenderState>())
}

/// The site being built, from the render state.
pub(super) fn site_of(runtime: &dyn Runtime) -> Arc<LiquidSite> {
    with_state(runtime, |state| {
        Arc::clone(state.site.as_ref().expect("the render sets the site first"))
    })
}

/// Whether lookups under `runtime` must fail for undefined variables.
pub(super) fn strict_variables(runtime: &dyn Runtime) -> bool {
    site_of(runtime).options.strict_variables
}

/// A `contains` operand: the value, or an empty text (which contains nothing, as nil
/// contains nothing in Ruby) when it is nil or undefined.
fn container(value: Option<ValueCow<'_>>) -> ValueCow<'_> {
    match value {
        Some(value) if !value.is_nil() => value,
        _ => ValueCow::Owned(Value::scalar("")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::render_str;

    // Ruby Liquid 4.0.4 (Jekyll 4.3.1): an assigned variable is looked up as the
    // value it was assigned from, members and all.
    #[test]
    fn assigned_variables_keep_ruby_members() {
        assert_eq!(
            render_str(
                "{% assign h = site.ranks %}{{ h.first }} {{ h.size }} {{ h.alice }}{{ h.missing }}"
            ),
            "zed1 4 2"
        );
        assert_eq!(
            render_str(
                "{% assign p = site.people %}{{ p.first.name }}{{ p[-1].name }}{{ p.last.name }} {{ p.size }} {{ p[0].tags.size }} {{ p[0].name.size }}"
            ),
            "acc 3 2 1"
        );
        assert_eq!(
            render_str("{% assign x = site.people[2] %}{{ x.tags }} {{ x.tags.first }}"),
            "x "
        );
    }
}
