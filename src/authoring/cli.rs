//! The command-line side of `init`, `new`, `publish` and `unpublish`: flags, examples,
//! and what is printed.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use coldstart::authoring::{self, AuthoringError, Kind, NewDocument};
use coldstart::config::BuildOptions;
use coldstart::diagnostic;

/// `init`'s examples.
pub const INIT_EXAMPLES: &str = "Examples:
  coldstart init my-blog                 # then: cd my-blog && coldstart serve
  coldstart init my-blog --eject-theme   # also copy the default theme to my-blog/themes/default";

/// `new`'s examples.
pub const NEW_EXAMPLES: &str = "Examples:
  coldstart new post \"Cold starts, measured\"    # _posts/2024-05-06-cold-starts-measured.md
  coldstart new draft \"Notes on Lambda\"         # _drafts/notes-on-lambda.md
  coldstart new post \"Part two\" --series serverless-intro
  coldstart new post \"Hello\" -s content";

/// `publish`'s examples.
pub const PUBLISH_EXAMPLES: &str = "Examples:
  coldstart publish notes-on-lambda              # _drafts/notes-on-lambda.md -> _posts/DATE-notes-on-lambda.md
  coldstart publish content/_drafts/notes-on-lambda.md";

/// `unpublish`'s examples.
pub const UNPUBLISH_EXAMPLES: &str = "Examples:
  coldstart unpublish 2024-05-06-notes-on-lambda.md   # back to _drafts/notes-on-lambda.md
  coldstart unpublish content/_posts/2024-05-06-notes-on-lambda.md";

/// `init`'s flags.
#[derive(Args)]
pub struct InitFlags {
    /// The folder of the new site; it must be missing or empty
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Also write the default theme into DIR/themes/default, to edit it
    #[arg(long)]
    eject_theme: bool,
}

/// `new`'s subcommands.
#[derive(Args)]
pub struct NewFlags {
    #[command(subcommand)]
    kind: NewKind,
}

/// What `new` creates.
#[derive(Subcommand)]
enum NewKind {
    /// A dated post in _posts/
    Post(NewDocumentFlags),
    /// A draft in _drafts/ (publish it later with `coldstart publish`)
    Draft(NewDocumentFlags),
}

/// The flags of `new post` and `new draft`.
#[derive(Args)]
struct NewDocumentFlags {
    /// The title; the file name is its slug
    #[arg(value_name = "TITLE")]
    title: String,
    /// Join a series: sets `series: NAME` and `part:` (the next part of that series)
    #[arg(long, value_name = "NAME")]
    series: Option<String>,
    #[command(flatten)]
    source: SourceFlag,
}

/// `publish`'s and `unpublish`'s flags.
#[derive(Args)]
pub struct MoveFlags {
    /// The file: a path, or a name in _drafts/ (publish) or _posts/ (unpublish)
    #[arg(value_name = "FILE")]
    file: String,
    #[command(flatten)]
    source: SourceFlag,
}

/// `-s`, as the building commands have it.
#[derive(Args)]
struct SourceFlag {
    /// The Jekyll source folder [default: ./content when it exists, else .]
    #[arg(short, long, value_name = "DIR")]
    source: Option<PathBuf>,
}

impl SourceFlag {
    /// The folder, resolved as `build` resolves it.
    fn folder(self) -> PathBuf {
        BuildOptions {
            source: self.source,
            project_root: PathBuf::from("."),
            ..BuildOptions::default()
        }
        .resolved_source()
    }
}

/// The current local time, as the dates of new posts are written.
fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::Local::now().fixed_offset()
}

/// Prints `message` on success, the located error otherwise.
fn finish<T>(result: Result<T, AuthoringError>, message: impl FnOnce(T) -> String) -> ExitCode {
    match result {
        Ok(value) => {
            println!("{}", message(value));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}", diagnostic::report(&error));
            ExitCode::FAILURE
        }
    }
}

/// `coldstart init`.
pub fn run_init(flags: InitFlags) -> ExitCode {
    let result = authoring::init(&flags.dir, flags.eject_theme, now().date_naive());
    finish(result, |files| {
        format!(
            "New site in {} ({} files). Next: cd {} && coldstart serve",
            flags.dir.display(),
            files.len(),
            flags.dir.display()
        )
    })
}

/// `coldstart new post|draft`.
pub fn run_new(flags: NewFlags) -> ExitCode {
    let (kind, flags) = match flags.kind {
        NewKind::Post(flags) => (Kind::Post, flags),
        NewKind::Draft(flags) => (Kind::Draft, flags),
    };
    let document = NewDocument {
        kind,
        title: &flags.title,
        series: flags.series.as_deref(),
    };
    let result = authoring::new_document(&flags.source.folder(), &document, now());
    let what = if kind == Kind::Post { "post" } else { "draft" };
    finish(result, |path| format!("New {what}: {}", path.display()))
}

/// `coldstart publish`.
pub fn run_publish(flags: MoveFlags) -> ExitCode {
    let result = authoring::publish(&flags.source.folder(), &flags.file, now());
    finish(result, |path| format!("Published: {}", path.display()))
}

/// `coldstart unpublish`.
pub fn run_unpublish(flags: MoveFlags) -> ExitCode {
    let result = authoring::unpublish(&flags.source.folder(), &flags.file);
    finish(result, |path| format!("Unpublished: {}", path.display()))
}
