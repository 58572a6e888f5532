//! Running the real `coldstart` binary on a scratch project.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `coldstart build -s src -d out --theme THEME EXTRA…` in `dir`.
pub fn build_in(dir: &Path, theme: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .current_dir(dir)
        .args(["build", "-s", "src", "-d", "out", "--theme"])
        .arg(theme)
        .args(extra)
        .output()
        .unwrap()
}

/// [`build_in`], failing the test with the build's stderr unless it succeeds.
pub fn build_ok_in(dir: &Path, theme: &Path, extra: &[&str]) -> Output {
    let output = build_in(dir, theme, extra);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
