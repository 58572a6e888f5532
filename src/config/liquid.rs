//! `liquid:`: Jekyll's Liquid options, typed once here. Jekyll hands any value to
//! Liquid without checking it, so a value of the wrong shape is a warning at the key's
//! line and the default is used.

use serde_json::Value;

use super::keys::KeyReader;
use crate::diagnostic::Warning;

/// Jekyll's `liquid:` options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LiquidOptions {
    /// `error_mode`: what a malformed expression does.
    pub error_mode: ErrorMode,
    /// `strict_variables`: an undefined variable is an error instead of nothing.
    pub strict_variables: bool,
    /// `strict_filters`: an unknown filter is an error instead of being skipped.
    pub strict_filters: bool,
}

/// Jekyll's `liquid.error_mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorMode {
    /// `warn` (Jekyll's default): a malformed expression is a warning and renders as nothing.
    #[default]
    Warn,
    /// `lax`: the same, silently.
    Lax,
    /// `strict`: a malformed expression stops the build.
    Strict,
}

impl LiquidOptions {
    /// Reads the `liquid:` map; missing keys keep Jekyll's defaults.
    pub(super) fn from_site(reader: &KeyReader, warnings: &mut Vec<Warning>) -> LiquidOptions {
        let mut flag = |key: &str| match reader.value(key) {
            None => false,
            Some(Value::Bool(on)) => *on,
            Some(_) => {
                warnings.push(reader.warning(key, "expected true or false; read as false"));
                false
            }
        };
        let strict_variables = flag("liquid.strict_variables");
        let strict_filters = flag("liquid.strict_filters");
        let error_mode = match reader.value("liquid.error_mode").map(Value::as_str) {
            None | Some(Some("warn")) => ErrorMode::Warn,
            Some(Some("strict")) => ErrorMode::Strict,
            Some(Some("lax")) => ErrorMode::Lax,
            Some(_) => {
                let message = "expected `warn`, `strict` or `lax`; read as `warn`";
                warnings.push(reader.warning("liquid.error_mode", message));
                ErrorMode::Warn
            }
        };
        LiquidOptions {
            error_mode,
            strict_variables,
            strict_filters,
        }
    }
}
