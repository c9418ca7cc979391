//! `mag serve`: a live preview. Steps:
//!
//! 1. bind the address (a port in use is an error naming it), so that the
//!    preview's `base_url` is known;
//! 2. build the site into memory with that `base_url` (never into `public/`); a
//!    failed first build is served as an error page that reloads when fixed;
//! 3. serve it ([`http`], over the connections of [`server`], which closes slow
//!    and idle ones) and watch the sources ([`watch`]);
//! 4. for each burst of changes: **classify** (which caches of the
//!    [`Session`] a change invalidates), **rebuild** through
//!    [`pipeline::rebuild`], **swap** the new files in only on success, then
//!    **broadcast** ([`livereload`]): the changed pages, a CSS-only change, or the
//!    errors (the last good site stays served);
//! 5. Ctrl-C stops the server; nothing was written to disk, so nothing is left.

#[cfg(test)]
mod differential;
pub(crate) mod http;
pub(crate) mod livereload;
pub(crate) mod server;
pub(crate) mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

use crate::diagnostics::{self, Diagnostic};
use crate::incremental::Session;
use crate::output::{Data, OutputFile};
use crate::pipeline::{self, BuildOptions};
use livereload::LiveEvent;
use watch::{ChangeKind, Changes};

/// What `mag serve` was asked for.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// The site folder.
    pub site_dir: PathBuf,
    /// The address to bind.
    pub bind: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Open the default browser at the URL.
    pub open: bool,
}

/// The served site: output path → bytes.
pub(crate) type SiteFiles = HashMap<String, Data>;

/// What the HTTP side reads and the rebuild loop writes.
#[derive(Debug)]
pub(crate) struct Shared {
    site: RwLock<Option<Arc<SiteFiles>>>,
    errors: RwLock<Option<Vec<Diagnostic>>>,
    events: broadcast::Sender<LiveEvent>,
    /// The site folder, symbolic links resolved: copied files must lie inside,
    /// or inside `image_cache`.
    root: PathBuf,
    /// The image cache folder (`[images] cache`), symbolic links resolved, when
    /// mag.toml could be read at start.
    image_cache: Option<PathBuf>,
}

impl Shared {
    /// The last good site, if any build succeeded yet.
    pub(crate) fn site(&self) -> Option<Arc<SiteFiles>> {
        self.site.read().ok().and_then(|s| s.clone())
    }

    /// What a newly connected tab is told: the current errors, or ready.
    fn current_event(&self) -> LiveEvent {
        match self.errors.read().ok().and_then(|e| e.clone()) {
            Some(errors) => LiveEvent::Error(errors),
            None => LiveEvent::Ready,
        }
    }

    fn set_errors(&self, errors: Option<Vec<Diagnostic>>) {
        if let Ok(mut e) = self.errors.write() {
            *e = errors;
        }
    }

    fn broadcast(&self, event: LiveEvent) {
        // No open tab is not an error.
        let _ = self.events.send(event);
    }
}

/// The URL the preview is served at.
fn preview_url(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    format!("http://{host}:{}/", addr.port())
}

/// Binds, builds, serves and watches until Ctrl-C.
///
/// Errors: the port is in use or the address cannot be bound, the site cannot be
/// watched, or the server cannot start. Content errors never end it.
pub(crate) fn run(options: ServeOptions) -> Result<(), Diagnostic> {
    let listener = TcpListener::bind((options.bind, options.port)).map_err(|e| {
        let what = if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "port {} is already in use on {}",
                options.port, options.bind
            )
        } else {
            format!("cannot listen on {}:{}: {e}", options.bind, options.port)
        };
        Diagnostic::error(None, what).with_help(format!(
            "stop the other server, or choose another port: mag serve --port {}",
            options.port.saturating_add(1)
        ))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Diagnostic::error(None, e.to_string()))?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes this preview (drafts included) reachable from other machines",
            options.bind
        );
    }
    let url = preview_url(addr);
    let build = BuildOptions {
        site_dir: options.site_dir.clone(),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        ..BuildOptions::default()
    };
    let root = options.site_dir.canonicalize().map_err(|e| {
        Diagnostic::error(
            None,
            format!("cannot open {}: {e}", options.site_dir.display()),
        )
    })?;
    let image_cache = crate::config::load(&options.site_dir, Default::default())
        .ok()
        .and_then(|c| {
            let dir = options.site_dir.join(&c.images.cache);
            std::fs::create_dir_all(&dir).ok()?;
            dir.canonicalize().ok()
        });
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        site: RwLock::new(None),
        errors: RwLock::new(None),
        events,
        root,
        image_cache,
    });
    let mut session = Session::for_serve();
    let mut watcher = watch::watch(&options.site_dir)?;
    initial_build(&build, &mut session, &shared);
    println!("Serving {} at {url}", options.site_dir.display());
    println!("Watching for changes; press Ctrl-C to stop.");
    if options.open {
        if let Err(e) = open::that_detached(&url) {
            eprintln!("warning: cannot open a browser: {e}");
        }
    }
    let loop_shared = Arc::clone(&shared);
    std::thread::spawn(move || {
        while let Some(changes) = watcher.next_burst() {
            apply(&changes, &build, &mut session, &loop_shared);
        }
    });
    server::serve_until_ctrl_c(listener, shared)
}

fn initial_build(build: &BuildOptions, session: &mut Session, shared: &Shared) {
    match pipeline::rebuild(build, session) {
        Ok((mut report, files)) => {
            print_diagnostics(&mut report.warnings);
            println!("{}", report.summary_line());
            swap(shared, files);
        }
        Err(mut failure) => {
            print_diagnostics(&mut failure.diagnostics);
            eprintln!("The site has errors; serving them until they are fixed.");
            shared.set_errors(Some(errors_only(failure.diagnostics)));
        }
    }
}

fn print_diagnostics(diags: &mut [Diagnostic]) {
    diagnostics::sort(diags);
    for d in diags.iter() {
        eprintln!("{d}");
    }
}

fn errors_only(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics::sort(&mut diags);
    diags.retain(Diagnostic::is_error);
    diags
}

/// Classify → rebuild → swap → broadcast, for one burst of changes.
fn apply(changes: &Changes, build: &BuildOptions, session: &mut Session, shared: &Shared) {
    let started = Instant::now();
    forget(session, changes);
    let what = describe(changes);
    match pipeline::rebuild(build, session) {
        Ok((mut report, files)) => {
            print_diagnostics(&mut report.warnings);
            let was_broken = shared.errors.read().map(|e| e.is_some()).unwrap_or(false);
            let changed = changed_paths(shared.site().as_deref(), &files, changes);
            swap(shared, files);
            shared.set_errors(None);
            let css_only = !changed.is_empty() && changed.iter().all(|p| p.ends_with(".css"));
            let event = if was_broken {
                Some(LiveEvent::Reload(None))
            } else if changed.is_empty() {
                None
            } else if css_only {
                Some(LiveEvent::Css(changed.clone()))
            } else {
                Some(LiveEvent::Reload(Some(changed.clone())))
            };
            if let Some(event) = event {
                shared.broadcast(event);
            }
            let w = session.work;
            println!(
                "{what} → rebuilt in {} ms: {} parsed, {} bodies, {}{}{} of {} pages rendered; {} files changed",
                started.elapsed().as_millis(),
                w.parsed,
                w.bodies,
                if w.templates { "templates, " } else { "" },
                if w.css { "CSS, " } else { "" },
                w.pages,
                report.pages,
                changed.len(),
            );
        }
        Err(failure) => {
            let mut errors = errors_only(failure.diagnostics);
            print_diagnostics(&mut errors);
            eprintln!(
                "{what} → the site has errors ({} ms); still serving the last good version",
                started.elapsed().as_millis()
            );
            shared.set_errors(Some(errors.clone()));
            shared.broadcast(LiveEvent::Error(errors));
        }
    }
}

/// What the session's keys cannot see: a mag.toml or theme.toml change clears
/// everything; a changed image or other non-Markdown file clears the rendered
/// bodies, whose image sizes it may change.
fn forget(session: &mut Session, changes: &Changes) {
    if changes.kinds.contains(&ChangeKind::Config) {
        session.clear();
    } else if changes.kinds.contains(&ChangeKind::Asset) {
        session.forget_bodies();
    }
}

fn describe(changes: &Changes) -> String {
    let mut paths = changes.paths.iter();
    match (paths.next(), changes.paths.len()) {
        (Some(p), 1) => format!("Changed {p}"),
        (Some(p), n) => format!("Changed {p} and {} more", n - 1),
        (None, _) => "Changed".to_string(),
    }
}

/// The URL paths (`/essays/x/index.html`) whose bytes differ between the served
/// site and `files`, including added and removed ones. A copied file counts as
/// changed when its source is among the changed paths.
fn changed_paths(old: Option<&SiteFiles>, files: &[OutputFile], changes: &Changes) -> Vec<String> {
    let Some(old) = old else {
        return files.iter().map(|f| format!("/{}", f.path)).collect();
    };
    let touched = |p: &PathBuf| {
        let p = p.to_string_lossy().replace('\\', "/");
        changes.paths.iter().any(|c| p.ends_with(c.as_str()))
    };
    let mut changed = Vec::new();
    for f in files {
        let same = match (old.get(&f.path), &f.data) {
            (Some(Data::Bytes(a)), Data::Bytes(b)) => a == b,
            (Some(Data::Static(a)), Data::Static(b)) => a == b,
            (Some(Data::Copy(a)), Data::Copy(b)) => a == b && !touched(b),
            // A cache file's name is the hash of what it holds.
            (Some(Data::Cached(a)), Data::Cached(b)) => a == b,
            _ => false,
        };
        if !same {
            changed.push(format!("/{}", f.path));
        }
    }
    let now: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    changed.extend(
        old.keys()
            .filter(|k| !now.contains(k.as_str()))
            .map(|k| format!("/{k}")),
    );
    changed.sort();
    changed
}

fn swap(shared: &Shared, files: Vec<OutputFile>) {
    let map: SiteFiles = files.into_iter().map(|f| (f.path, f.data)).collect();
    if let Ok(mut site) = shared.site.write() {
        *site = Some(Arc::new(map));
    }
}
