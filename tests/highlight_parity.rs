//! Differential tests of highlighted code against real Jekyll (kramdown with Rouge; see
//! `tests/common/jekyll.rs`): code in the languages we lex as Rouge does must split into
//! the same words as Rouge's spans, including where Rouge's lexers split oddly (a TOML
//! value's `=`, Nim's error tokens up to the end of a line, a shell command's words run
//! together, a console line's prompt, a YAML value's quoted blanks, a Liquid `for`
//! loop's collection, Markdown's inline HTML, a C function's name, an Erlang call, a
//! JavaScript regex literal against a division, Ruby's here-documents, the shell inside a
//! Dockerfile's `RUN`, the JavaScript and CSS inside HTML, a CSS property Rouge does not
//! list, a Scala type after `:`, a PowerShell command's arguments, R's signed numbers and
//! primitives before `(`, TypeScript's optional labels, C#'s interpolated strings,
//! Elixir's sigils, an INI value's line as one string, nginx's directives in blocks).

mod common;

use std::path::PathBuf;

use common::jekyll::assert_parity;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jekyll-parity")
        .join(name)
}

#[test]
fn rust_toml_and_nim_split_into_rouges_words() {
    assert_parity(&fixture("highlight-rouge"));
}

#[test]
fn shell_commands_split_into_rouges_words() {
    assert_parity(&fixture("highlight-shell"));
}

#[test]
fn console_sessions_split_into_prompts_commands_and_output() {
    assert_parity(&fixture("highlight-console"));
}

#[test]
fn yaml_splits_into_rouges_words() {
    assert_parity(&fixture("highlight-yaml"));
}

#[test]
fn liquid_markdown_and_diffs_split_into_rouges_words() {
    assert_parity(&fixture("highlight-templates"));
}

#[test]
fn haskell_c_and_erlang_split_into_rouges_words() {
    assert_parity(&fixture("highlight-code"));
}

#[test]
fn python_javascript_json_go_ruby_dockerfile_html_and_css_split_into_rouges_words() {
    assert_parity(&fixture("highlight-languages"));
}

#[test]
fn css_scss_and_xml_in_web_pages_split_into_rouges_words() {
    assert_parity(&fixture("highlight-web"));
}

#[test]
fn scala_java_powershell_and_sql_split_into_rouges_words() {
    assert_parity(&fixture("highlight-jvm"));
}

#[test]
fn r_typescript_csharp_elixir_ini_and_nginx_split_into_rouges_words() {
    assert_parity(&fixture("highlight-stats"));
}
