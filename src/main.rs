//! The `coldstart` command line: parse flags, run one command, print what happened
//! (or what went wrong, pointing at the file and line) and exit accordingly.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

#[path = "authoring/cli.rs"]
mod authoring_cli;
#[path = "check/cli.rs"]
mod check_cli;

use authoring_cli::{
    INIT_EXAMPLES, InitFlags, MoveFlags, NEW_EXAMPLES, NewFlags, PUBLISH_EXAMPLES,
    UNPUBLISH_EXAMPLES,
};
use check_cli::{CHECK_EXAMPLES, CheckFlags};

use coldstart::build;
use coldstart::config::BuildOptions;
use coldstart::diagnostic;
use coldstart::serve::{self, ServeOptions};

/// A Jekyll-compatible static-site generator that renders through tera themes.
#[derive(Parser)]
#[command(name = "coldstart", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the destination folder (default `./_site`), and the
    /// functions bundle beside it when the site has `_functions/stack.yml`.
    Build(BuildFlags),
    /// Build the site in memory and serve it with live reload (default http://127.0.0.1:4000).
    Serve(ServeFlags),
    /// Create a new site in DIR (missing or empty): config, home, about page, first post.
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitFlags),
    /// Create a new post (`_posts/YYYY-MM-DD-slug.md`) or draft (`_drafts/slug.md`).
    #[command(after_help = NEW_EXAMPLES)]
    New(NewFlags),
    /// Move a draft to `_posts/` under today's date, setting `date:`.
    #[command(after_help = PUBLISH_EXAMPLES)]
    Publish(MoveFlags),
    /// Move a post back to `_drafts/`, without its date.
    #[command(after_help = UNPUBLISH_EXAMPLES)]
    Unpublish(MoveFlags),
    /// Build the site in memory and report broken links, anchors, images and ids.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckFlags),
}

/// `serve`'s own flags, beside the site flags; names as Jekyll's.
#[derive(Args)]
struct ServeFlags {
    #[command(flatten)]
    site: SiteFlags,
    /// The address to listen on; anything but loopback exposes the site to the network
    #[arg(short = 'H', long, value_name = "HOST", default_value = "127.0.0.1")]
    host: String,
    /// The port to listen on; 0 picks a free one (the URL is printed)
    #[arg(short = 'P', long, value_name = "PORT", default_value_t = serve::DEFAULT_PORT)]
    port: u16,
    /// Open the site in the browser once it is served
    #[arg(short, long)]
    open: bool,
}

/// `build`'s own flags, beside the site flags.
#[derive(Args)]
struct BuildFlags {
    #[command(flatten)]
    site: SiteFlags,
    /// Where to write the site [default: ./_site]
    #[arg(short, long, value_name = "DIR")]
    destination: Option<PathBuf>,
    /// Where to write the deployable functions bundle [default: _functions_bundle beside the destination]
    #[arg(long, value_name = "DIR")]
    functions_out: Option<PathBuf>,
}

/// Flags shared by the commands that build a site; names as Jekyll's.
#[derive(Args)]
struct SiteFlags {
    /// The Jekyll source folder [default: ./content when it exists, else .]
    #[arg(short, long, value_name = "DIR")]
    source: Option<PathBuf>,
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
    /// A tera theme: a name under the site's themes/, or a path to a theme folder
    /// [default: `coldstart: {theme: …}` in _config.yml, else the built-in default]
    #[arg(long, value_name = "NAME|PATH")]
    theme: Option<String>,
}

impl SiteFlags {
    fn into_options(self) -> BuildOptions {
        BuildOptions {
            source: self.source,
            destination: None,
            config_files: self.config,
            drafts: self.drafts,
            future: self.future,
            unpublished: self.unpublished,
            baseurl: self.baseurl,
            theme: self.theme,
            project_root: PathBuf::from("."),
            functions_out: None,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(flags) => run_build(BuildOptions {
            destination: flags.destination,
            functions_out: flags.functions_out,
            ..flags.site.into_options()
        }),
        Command::Serve(flags) => run_serve(flags),
        Command::Init(flags) => authoring_cli::run_init(flags),
        Command::New(flags) => authoring_cli::run_new(flags),
        Command::Publish(flags) => authoring_cli::run_publish(flags),
        Command::Unpublish(flags) => authoring_cli::run_unpublish(flags),
        Command::Check(flags) => check_cli::run_check(flags),
    }
}

fn run_serve(flags: ServeFlags) -> ExitCode {
    let options = ServeOptions {
        build: flags.site.into_options(),
        host: flags.host,
        port: flags.port,
    };
    match serve::run(options, flags.open) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
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
                s.summary(),
                site.config.destination.display(),
                s.files,
                s.elapsed.as_millis()
            );
            if let Some(bundle) = &site.functions_bundle {
                println!(
                    "Functions bundle → {} (deploy with faas-cli; see its README.md)",
                    bundle.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}", diagnostic::report(&error));
            eprintln!("Build failed; the destination was left as it was.");
            ExitCode::FAILURE
        }
    }
}
