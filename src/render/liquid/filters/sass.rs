//! Jekyll's `scssify` and `sassify` filters: a text compiled as Sass with the site's
//! settings, as a stylesheet template such as `{{ scss | scssify }}` uses them.

use liquid_core::{Error, Language, Result};

use super::{Apply, register_functions, text_of, text_value};
use crate::render::liquid::runtime::site_of;

/// Registers `scssify` and `sassify`.
pub(super) fn register(language: &mut Language) {
    let filters: [(&str, Apply); 2] = [
        ("scssify", |c| compile(&text_of(c.input), false, c.runtime)),
        ("sassify", |c| compile(&text_of(c.input), true, c.runtime)),
    ];
    register_functions(language, &filters);
}

fn compile(
    text: &str,
    indented_syntax: bool,
    runtime: &dyn liquid_core::Runtime,
) -> Result<liquid_core::Value> {
    site_of(runtime)
        .sass
        .compile_text(text, indented_syntax)
        .map(text_value)
        .map_err(|message| Error::with_msg(format!("Sass: {message}")))
}
