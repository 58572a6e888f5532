//! The `coldstart` command line: parse flags, run one command, print what happened
//! (or what went wrong, pointing at the file and line) and exit accordingly.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use coldstart::build;
use coldstart::config::BuildOptions;
use coldstart::diagnostic;

/// A Jekyll-compatible static-site generator that renders through tera themes.
#[derive(Parser)]
#[command(name = "coldstart", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the destination folder (default `./_site`).
    Build(SiteFlags),
}

/// Flags shared by the commands that build a site; names as Jekyll's.
#[derive(Args)]
struct SiteFlags {
    /// The Jekyll source folder [default: ./content when it exists, else .]
    #[arg(short, long, value_name = "DIR")]
    source: Option<PathBuf>,
    /// Where to write the site [default: ./_site]
    #[arg(short, long, value_name = "DIR")]
    destination: Option<PathBuf>,
    /// Configuration files instead of SOURCE/_config.yml (comma-separated, merged in order)
    #[arg(long, value_name = "FILE", value_delimiter = ',')]
    config: Vec<PathBuf>,
    /// Render posts in _drafts/
    #[arg(short = 'D', long)]
    drafts: bool,
    /// Publish posts dated in the future
    #[arg(long)]
    future: bool,
    /// Render documents marked `published: false`
    #[arg(long)]
    unpublished: bool,
    /// Override `baseurl` from the configuration
    #[arg(short, long, value_name = "URL")]
    baseurl: Option<String>,
    /// A tera theme: a name under ./themes/ or a path to a theme folder
    #[arg(long, value_name = "NAME|PATH")]
    theme: Option<String>,
}

impl SiteFlags {
    fn into_options(self) -> BuildOptions {
        BuildOptions {
            source: self.source,
            destination: self.destination,
            config_files: self.config,
            drafts: self.drafts,
            future: self.future,
            unpublished: self.unpublished,
            baseurl: self.baseurl,
            theme: self.theme,
            project_root: PathBuf::from("."),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(flags) => run_build(flags.into_options()),
    }
}

fn run_build(options: BuildOptions) -> ExitCode {
    match build::build(&options) {
        Ok(site) => {
            for warning in &site.warnings {
                eprintln!("{warning}");
            }
            let s = &site.stats;
            println!(
                "Built {} → {} ({} files) in {} ms",
                summary(s.posts, s.pages, s.static_files),
                site.config.destination.display(),
                s.files,
                s.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}", diagnostic::report(&error));
            eprintln!("Build failed; the destination was left as it was.");
            ExitCode::FAILURE
        }
    }
}

/// "3 posts, 2 pages, 5 static files", with singulars where they belong.
fn summary(posts: usize, pages: usize, static_files: usize) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    [
        count(posts, "post", "posts"),
        count(pages, "page", "pages"),
        count(static_files, "static file", "static files"),
    ]
    .join(", ")
}
