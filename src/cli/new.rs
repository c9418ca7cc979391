//! `mag new …`: starting points written to disk. One variant of [`NewCommand`] per
//! kind of thing made; each is a thin call into the library ([`crate::scaffold`],
//! [`crate::theme::create`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::console::Console;
use crate::config;
use crate::scaffold::{self, ArticleSpec};
use crate::theme;

/// Flags of `mag new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[command(subcommand)]
    pub what: NewCommand,
}

/// The things `mag new` creates.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A complete small magazine that builds at once.
    ///
    /// Writes mag.toml (every key explained), two sections, an issue with a cover,
    /// two articles that show the body features, and an about page. DIR must not
    /// exist or must be empty.
    ///
    /// Example: mag new site review && mag build review
    Site(SiteArgs),
    /// A draft article, content/SECTION/SLUG.md, dated today.
    ///
    /// Example: mag new article "Über den Staat" --section essays --issue 3 --author "Jane Doe"
    Article(ArticleArgs),
    /// A print issue, content/issues/N.md, dated today.
    ///
    /// Example: mag new issue 2 --title "Second Thoughts"
    Issue(IssueArgs),
    /// A copy of the default theme in themes/NAME/, to edit; use it with theme = "NAME".
    ///
    /// Example: mag new theme quarterly
    Theme {
        /// The theme's name (its folder under themes/).
        name: String,
        /// The site folder (the one holding mag.toml); default: the current folder
        /// or the nearest parent folder with a mag.toml.
        #[arg(long, value_name = "DIR")]
        site: Option<PathBuf>,
    },
}

/// Flags of `mag new site`.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder to create; its name becomes the magazine's title.
    pub dir: PathBuf,
}

/// Flags of `mag new article`.
#[derive(Debug, Args)]
pub struct ArticleArgs {
    /// The headline; the file name is its slug (`Über den Staat` → uber-den-staat.md).
    pub title: String,
    /// The section (a slug declared in mag.toml); default: the first declared.
    #[arg(long, short = 's')]
    pub section: Option<String>,
    /// The print issue the article appears in.
    #[arg(long, short = 'i', value_name = "N")]
    pub issue: Option<u32>,
    /// The writer's name.
    #[arg(long, short = 'a', value_name = "NAME")]
    pub author: Option<String>,
    /// The site folder (the one holding mag.toml); default: the current folder or
    /// the nearest parent folder with a mag.toml.
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
}

/// Flags of `mag new issue`.
#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The issue's number.
    pub number: u32,
    /// Its title (default "Issue N").
    #[arg(long)]
    pub title: Option<String>,
    /// The site folder (the one holding mag.toml); default: the current folder or
    /// the nearest parent folder with a mag.toml.
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
}

/// Runs `mag new …` and returns the exit code (1 when nothing could be written).
pub(super) fn run(args: NewArgs, quiet: bool, console: &mut Console<'_>) -> ExitCode {
    let result = match args.what {
        NewCommand::Site(a) => site(&a),
        NewCommand::Article(a) => article(&a),
        NewCommand::Issue(a) => issue(&a),
        NewCommand::Theme { name, site } => match theme::create(&find_site(site.as_deref()), &name)
        {
            Ok(dir) => Ok(format!(
                "Created {} — set theme = \"{name}\" in mag.toml to use it.",
                dir.display()
            )),
            Err(d) => {
                console.diagnostics(&mut [d]);
                return ExitCode::from(1);
            }
        },
    };
    match result {
        Ok(message) => {
            if !quiet {
                console.say(message);
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            // Diagnostics (from mag.toml) already start with their severity.
            if message.starts_with("error: ") {
                console.tell(message);
            } else {
                console.tell(format!("error: {message}"));
            }
            ExitCode::from(1)
        }
    }
}

/// The site folder: `--site DIR` when given, else the current folder or the nearest
/// parent folder holding a mag.toml (as git looks for `.git`), else `.` (whose
/// missing mag.toml is then reported).
fn find_site(given: Option<&Path>) -> PathBuf {
    if let Some(dir) = given {
        return dir.to_path_buf();
    }
    let Ok(cwd) = std::env::current_dir() else {
        return PathBuf::from(".");
    };
    cwd.ancestors()
        .find(|dir| dir.join(config::CONFIG_FILE).is_file())
        .map_or_else(
            || PathBuf::from("."),
            |dir| {
                if dir == cwd {
                    PathBuf::from(".")
                } else {
                    dir.to_path_buf()
                }
            },
        )
}

/// `path` as a shell word: unchanged when it holds only safe characters, else in
/// single quotes (`My Review` → `'My Review'`, `it's` → `'it'\''s'`).
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let safe = |c: char| c.is_alphanumeric() || "-_./+,:@%=".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// A file of the site, as the user should read it: `rel` when the site is the
/// current folder, else the path through the site folder.
fn shown(site: &Path, rel: &str) -> String {
    if site == Path::new(".") {
        rel.to_string()
    } else {
        site.join(rel).display().to_string()
    }
}

fn today_utc() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

fn site(args: &SiteArgs) -> Result<String, String> {
    let files = scaffold::new_site(&args.dir, today_utc())?;
    let dir = shell_word(&args.dir);
    Ok(format!(
        "Created a new magazine in {dir} ({} files).\nNext: mag serve {dir}   (or mag build {dir}; the site goes to {dir}/public)\n      mag new article \"My First Essay\" --site {dir}",
        files.len()
    ))
}

/// The site's configuration and today's date in its time zone.
fn site_config(site: &Path) -> Result<(config::Config, chrono::NaiveDate), String> {
    let config = config::load(site, config::Overrides::default()).map_err(|diags| {
        diags
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let today = chrono::Utc::now()
        .with_timezone(&config.timezone)
        .date_naive();
    Ok((config, today))
}

fn article(args: &ArticleArgs) -> Result<String, String> {
    let site = find_site(args.site.as_deref());
    let (config, today) = site_config(&site)?;
    let spec = ArticleSpec {
        title: args.title.clone(),
        section: args.section.clone(),
        issue: args.issue,
        author: args.author.clone(),
    };
    let rel = scaffold::new_article(&site, &config, &spec, today)?;
    let mut message = format!(
        "Created {} (a draft: mag build --drafts shows it).",
        shown(&site, &rel)
    );
    if let Some(n) = args.issue {
        if !site.join(format!("content/issues/{n}.md")).exists() {
            message.push_str(&format!(
                "\nwarning: issue {n} has no file yet; create it with mag new issue {n}"
            ));
        }
    }
    Ok(message)
}

fn issue(args: &IssueArgs) -> Result<String, String> {
    let site = find_site(args.site.as_deref());
    let (_, today) = site_config(&site)?;
    let rel = scaffold::new_issue(&site, args.number, args.title.as_deref(), today)?;
    Ok(format!("Created {}.", shown(&site, &rel)))
}
