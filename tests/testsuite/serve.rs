//! `mag serve`: the real binary on a free port against a temporary site. Every wait
//! is bounded and polls; the server is killed by a guard even when a test fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use scraper::Html;

use crate::support::*;

/// The longest any wait may take (debug builds on a loaded machine are slow).
const PATIENCE: Duration = Duration::from_secs(60);

/// A running `mag serve`, killed on drop.
struct Server {
    child: Child,
    url: String,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    lines
}

/// Polls `check` until it gives a value, or panics with `what` after [`PATIENCE`].
#[track_caller]
fn wait_for<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

impl Server {
    fn start(site: &SiteTest) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mag"))
            .args(["serve", ".", "--port", "0"])
            .current_dir(&site.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            url: String::new(),
            stdout,
            stderr,
        };
        server.url = wait_for("the URL line", || {
            server.stdout.lock().unwrap().iter().find_map(|l| {
                l.strip_prefix("Serving ")
                    .and_then(|rest| rest.split(" at ").nth(1))
                    .map(str::to_string)
            })
        });
        server
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.url, path.trim_start_matches('/'))
    }

    fn addr(&self) -> String {
        self.url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    }

    /// Status, headers we check, and body.
    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        let agent = ureq::AgentBuilder::new().redirects(0).build();
        let response = match agent.get(&self.url(path)).call() {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("GET {path}: {e}"),
        };
        let status = response.status();
        let headers = format!(
            "content-type: {}\ncache-control: {}\nlocation: {}",
            response.header("content-type").unwrap_or(""),
            response.header("cache-control").unwrap_or(""),
            response.header("location").unwrap_or("")
        );
        let mut body = Vec::new();
        response.into_reader().read_to_end(&mut body).unwrap();
        (status, headers, body)
    }

    fn page(&self, path: &str) -> Html {
        let (status, _, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}");
        Html::parse_document(&String::from_utf8(body).unwrap())
    }

    /// Waits until `path` shows `text` in its `<body>`.
    #[track_caller]
    fn wait_for_text(&self, path: &str, text_wanted: &str) {
        wait_for(&format!("{path} to show {text_wanted:?}"), || {
            let doc = self.page(path);
            all(&doc, "body")
                .into_iter()
                .any(|m| text(m).contains(text_wanted))
                .then_some(())
        });
    }

    #[track_caller]
    fn wait_for_stdout(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        wait_for(what, || {
            self.stdout
                .lock()
                .unwrap()
                .iter()
                .find(|l| pred(l))
                .cloned()
        })
    }

    fn clear_output(&self) {
        self.stdout.lock().unwrap().clear();
        self.stderr.lock().unwrap().clear();
    }

    /// Subscribes to the live-reload stream and waits for its first event.
    fn events(&self) -> Events {
        let (tx, rx) = channel();
        let agent = ureq::AgentBuilder::new().build();
        let response = agent.get(&self.url("/__mag/events")).call().unwrap();
        assert_eq!(
            response.header("content-type"),
            Some("text/event-stream"),
            "event stream type"
        );
        let reader = BufReader::new(response.into_reader());
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in reader.lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    if tx.send((name.clone(), d.to_string())).is_err() {
                        return;
                    }
                }
            }
        });
        let events = Events { rx };
        events.next_named(&["ready", "error"]);
        events
    }
}

/// Live-reload events as (name, JSON data).
struct Events {
    rx: Receiver<(String, String)>,
}

impl Events {
    /// The next event whose name is one of `names` (others are skipped).
    #[track_caller]
    fn next_named(&self, names: &[&str]) -> (String, serde_json::Value) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (name, data) = self
                .rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {names:?} event in time"));
            if names.contains(&name.as_str()) {
                return (name, serde_json::from_str(&data).unwrap());
            }
        }
    }

    /// Waits for a reload event naming `page`.
    #[track_caller]
    fn reload_of(&self, page: &str) {
        loop {
            let (_, data) = self.next_named(&["reload"]);
            let paths = &data["paths"];
            if paths.is_null() || paths.as_array().unwrap().iter().any(|p| p == page) {
                return;
            }
        }
    }
}

fn site() -> SiteTest {
    SiteTest::minimal()
        .article(
            "content/essays/first.md",
            "title = \"First\"\nsection = \"essays\"",
            "Original words.\n",
        )
        .article(
            "content/essays/second.md",
            "title = \"Second\"\nsection = \"essays\"",
            "Other words.\n",
        )
}

fn article(body: &str) -> String {
    format!("+++\ntitle = \"First\"\nsection = \"essays\"\ndate = 2024-02-01\n+++\n{body}\n")
}

#[test]
fn edits_are_served_and_announced_and_errors_keep_the_last_good_page() {
    let site = site();
    let server = Server::start(&site);
    let events = server.events();
    server.wait_for_text("/essays/first/", "Original words.");

    // In place.
    site.write(
        "content/essays/first.md",
        article("Edited in place.").as_bytes(),
    );
    events.reload_of("/essays/first/index.html");
    server.wait_for_text("/essays/first/", "Edited in place.");
    let line = server.wait_for_stdout("the rebuild line", |l| l.contains("rebuilt in"));
    assert!(line.contains("1 parsed, 1 bodies"), "{line}");

    // An editor's atomic save: a temp file renamed over the article.
    let tmp = site.root.join("content/essays/.first.md.tmp1234");
    std::fs::write(&tmp, article("Saved through a rename.")).unwrap();
    std::fs::rename(&tmp, site.root.join("content/essays/first.md")).unwrap();
    events.reload_of("/essays/first/index.html");
    server.wait_for_text("/essays/first/", "Saved through a rename.");

    // Broken front matter: the error is announced, the last good page stays.
    server.clear_output();
    site.write(
        "content/essays/first.md",
        b"+++\ntitle = \"First\nsection = \"essays\"\n+++\nHalf written.\n",
    );
    let (_, data) = events.next_named(&["error"]);
    let first = &data["errors"][0];
    assert_eq!(first["file"], "content/essays/first.md", "{data}");
    assert!(first["line"].as_u64().is_some(), "{data}");
    assert!(!first["message"].as_str().unwrap().is_empty());
    server.wait_for_text("/essays/first/", "Saved through a rename.");
    wait_for("the error in the terminal", || {
        let err = server.stderr.lock().unwrap();
        err.iter()
            .any(|l| l.contains("content/essays/first.md:2"))
            .then_some(())
    });
    // A tab opened now is told about the error at once.
    let late = server.events_after_error();
    drop(late);

    // Fixed: the overlay clears through a reload and the new text is served.
    site.write(
        "content/essays/first.md",
        article("Fixed again.").as_bytes(),
    );
    events.next_named(&["reload"]);
    server.wait_for_text("/essays/first/", "Fixed again.");
    assert_eq!(server.get("/").0, 200, "the server is still up");
}

impl Server {
    fn events_after_error(&self) -> Events {
        let (tx, rx) = channel();
        let response = ureq::get(&self.url("/__mag/events")).call().unwrap();
        let reader = BufReader::new(response.into_reader());
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in reader.lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    let _ = tx.send((name.clone(), d.to_string()));
                    return;
                }
            }
        });
        let events = Events { rx };
        let (name, _) = events.next_named(&["ready", "error"]);
        assert_eq!(name, "error");
        events
    }
}

#[test]
fn serves_with_types_folders_redirects_404_and_no_caching() {
    let site = site();
    let server = Server::start(&site);
    let (status, headers, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        headers.contains("content-type: text/html; charset=utf-8"),
        "{headers}"
    );
    assert!(headers.contains("cache-control: no-store"), "{headers}");
    let doc = Html::parse_document(&String::from_utf8(body).unwrap());
    one(&doc, "script[src=\"/__mag/live.js\"]");

    let (status, headers, _) = server.get("/essays");
    assert_eq!(status, 302);
    assert!(headers.contains("location: /essays/"), "{headers}");

    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    let doc = Html::parse_document(&String::from_utf8(body).unwrap());
    assert!(!all(&doc, "main").is_empty(), "the site's 404 page");

    let doc = server.page("/");
    let css = all(&doc, "link[rel=stylesheet]")
        .into_iter()
        .map(|l| attr(l, "href").to_string())
        .find(|h| h.ends_with(".css"))
        .expect("a style sheet");
    let (status, headers, _) = server.get(&css);
    assert_eq!(status, 200);
    assert!(headers.contains("content-type: text/css"), "{headers}");
    let (status, headers, _) = server.get("/__mag/live.js");
    assert_eq!(status, 200);
    assert!(headers.contains("javascript"), "{headers}");

    // The preview never writes public/, and a real build has no live-reload script.
    assert!(!site.root.join("public").exists());
    drop(server);
    site.build(&[]).ok();
    let doc = site.html("index.html");
    assert!(all(&doc, "script[src*=\"__mag\"]").is_empty());
}

#[test]
fn a_css_change_swaps_the_style_sheet_without_a_reload() {
    let site = site().file("static/css/extra.css", "p { color: rgb(1, 2, 3) }\n");
    let server = Server::start(&site);
    let events = server.events();
    site.write("static/css/extra.css", b"p { color: rgb(4, 5, 6) }\n");
    let (name, data) = events.next_named(&["css", "reload"]);
    assert_eq!(name, "css", "{data}");
    assert_eq!(data["paths"][0], "/css/extra.css");
    let (_, _, body) = server.get("/css/extra.css");
    assert!(String::from_utf8(body).unwrap().contains("#040506"));
    let line = server.wait_for_stdout("the rebuild line", |l| l.contains("rebuilt in"));
    assert!(line.contains("CSS, 0 of"), "{line}");
}

#[test]
fn a_template_change_renders_pages_but_parses_nothing() {
    let site = site();
    let server = Server::start(&site);
    let events = server.events();
    site.write(
        "templates/404.html",
        b"<!doctype html><html><body><main><p>Lost at sea.</p></main></body></html>",
    );
    events.reload_of("/404.html");
    let line = server.wait_for_stdout("the rebuild line", |l| l.contains("rebuilt in"));
    assert!(line.contains("0 parsed, 0 bodies, templates"), "{line}");
    let (status, _, body) = server.get("/missing/");
    assert_eq!(status, 404);
    assert!(String::from_utf8(body).unwrap().contains("Lost at sea."));
}

#[test]
fn a_new_folder_and_a_deleted_article_are_seen_and_editor_files_ignored() {
    let site = site();
    let server = Server::start(&site);
    let events = server.events();
    site.write("content/essays/.first.md.swp", b"swap");
    site.write("content/essays/first.md~", b"backup");
    site.write(
        "content/personages/new/index.md",
        article("A new bundle.")
            .replace("essays", "personages")
            .as_bytes(),
    );
    events.reload_of("/personages/new/index.html");
    server.wait_for_text("/personages/new/", "A new bundle.");
    std::fs::remove_file(site.root.join("content/essays/second.md")).unwrap();
    events.reload_of("/essays/second/index.html");
    assert_eq!(server.get("/essays/second/").0, 404);
    let out = server.stdout.lock().unwrap().join("\n");
    assert!(!out.contains(".swp") && !out.contains("md~"), "{out}");
}

/// Sends one raw request line and returns the status code and the whole response.
fn raw_request(addr: &str, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn requests_outside_the_site_are_refused() {
    let site = site();
    let outside = site.root.parent().unwrap().join("secret.txt");
    std::fs::write(&outside, "TOP-SECRET-VALUE").unwrap();
    // (A symbolic link out of the site is a build error: tests/testsuite/security.rs.)
    let server = Server::start(&site);
    let addr = server.addr();
    for target in [
        "/../secret.txt",
        "/essays/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/C:/Windows/win.ini",
        &format!("/{}", outside.display()),
        "/%00/../secret.txt",
        "/index.html%00.txt",
        "/\0../secret.txt",
        "/%2e%2e%5csecret.txt",
    ] {
        let (status, text) = raw_request(&addr, target);
        assert!(
            [400, 403, 404].contains(&status),
            "{target}: status {status}\n{text}"
        );
        assert!(!text.contains("TOP-SECRET-VALUE"), "{target} leaked");
    }
    assert_eq!(raw_request(&addr, "/").0, 200);
}

#[test]
fn a_port_in_use_is_an_error_naming_it() {
    let site = site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let child = Command::new(env!("CARGO_BIN_EXE_mag"))
        .args(["serve", ".", "--port", &port])
        .current_dir(&site.root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut guard = KillOnDrop(child);
    let status = wait_for("mag serve to exit", || guard.0.try_wait().unwrap());
    let mut err = String::new();
    let mut stderr = guard.0.stderr.take().unwrap();
    stderr.read_to_string(&mut err).unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("port {port} is already in use")),
        "{err}"
    );
}

/// Kills a child process when dropped (a failing test must not leave it running).
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = site();
    let mut server = Server::start(&site);
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let status = wait_for("mag serve to stop", || server.child.try_wait().unwrap());
    assert_eq!(status.code(), Some(0));
    server.wait_for_stdout("the goodbye", |l| l.contains("Stopped."));
    assert!(!site.root.join("public").exists());
}

#[test]
fn a_changed_title_reaches_every_page_that_shows_the_article_and_no_other() {
    let site = site()
        .file(
            "content/essays/first.md",
            "+++\ntitle = \"First\"\ndek = \"Old dek.\"\nsection = \"essays\"\ndate = 2024-02-01\n+++\nWords.\n",
        )
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\nAbout us.\n");
    let server = Server::start(&site);
    let events = server.events();
    site.write(
        "content/essays/first.md",
        b"+++\ntitle = \"First, revised\"\ndek = \"New dek.\"\nsection = \"essays\"\ndate = 2024-02-01\n+++\nWords.\n",
    );
    events.reload_of("/essays/index.html");
    for page in ["/", "/essays/", "/essays/first/", "/essays/second/"] {
        server.wait_for_text(page, "First, revised");
    }
    server.wait_for_text("/essays/first/", "New dek.");
    let line = server.wait_for_stdout("the rebuild line", |l| l.contains("rebuilt in"));
    let rendered: usize = line
        .split(" of ")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line}"));
    let total: usize = line
        .split(" of ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line}"));
    assert!(
        rendered < total,
        "the about page and others were left alone: {line}"
    );
    let doc = server.page("/about/");
    assert!(text(one(&doc, "main")).contains("About us."));
}

impl Server {
    /// GET with extra request headers: status, the response's headers, body.
    fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> (u16, ureq::Response) {
        let agent = ureq::AgentBuilder::new().redirects(0).build();
        let mut request = agent.get(&self.url(path));
        for (name, value) in headers {
            request = request.set(name, value);
        }
        match request.call() {
            Ok(r) => (r.status(), r),
            Err(ureq::Error::Status(code, r)) => (code, r),
            Err(e) => panic!("GET {path}: {e}"),
        }
    }

    /// A line of /proc/PID/status of the server (`VmHWM`, `VmRSS`), in KiB.
    #[cfg(target_os = "linux")]
    fn memory_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no {field} in {status}"))
    }
}

/// A static file answers `Range` with 206 and exactly the bytes asked for, and
/// an unsatisfiable range with 416; a bundle file too, with its type.
#[test]
fn ranges_of_static_and_bundle_files_are_honoured() {
    let bytes: Vec<u8> = (0..100u8).map(|i| b'a' + i % 26).collect();
    let site = site();
    site.write("static/media/clip.bin", &bytes);
    site.write(
        "content/essays/video/index.md",
        b"+++\ntitle = \"Video\"\nsection = \"essays\"\ndate = 2024-02-01\n+++\nWatch.\n",
    );
    site.write("content/essays/video/clip.mp4", &bytes);
    let server = Server::start(&site);
    for (path, kind) in [
        ("/media/clip.bin", "application/octet-stream"),
        ("/essays/video/clip.mp4", "video/mp4"),
    ] {
        let (status, response) = server.get_with(path, &[("Range", "bytes=10-19")]);
        assert_eq!(status, 206, "{path}");
        assert_eq!(response.header("content-range"), Some("bytes 10-19/100"));
        assert_eq!(response.header("content-type"), Some(kind));
        assert!(response
            .header("cache-control")
            .unwrap()
            .contains("no-store"));
        let mut body = Vec::new();
        response.into_reader().read_to_end(&mut body).unwrap();
        assert_eq!(body, &bytes[10..20], "{path}");

        let (status, response) = server.get_with(path, &[("Range", "bytes=500-600")]);
        assert_eq!(status, 416, "{path}");
        assert_eq!(response.header("content-range"), Some("bytes */100"));

        let (status, response) = server.get_with(path, &[]);
        assert_eq!(status, 200);
        assert_eq!(response.header("accept-ranges"), Some("bytes"));
        let mut body = Vec::new();
        response.into_reader().read_to_end(&mut body).unwrap();
        assert_eq!(body, bytes);
    }
}

/// Downloading a big static file several times at once streams it: the server's
/// peak memory grows by far less than one copy of the file.
#[cfg(target_os = "linux")]
#[test]
fn big_static_files_are_streamed_not_held_in_memory() {
    const SIZE: u64 = 50 * 1024 * 1024;
    let site = site();
    std::fs::create_dir_all(site.root.join("static/media")).unwrap();
    let big = std::fs::File::create(site.root.join("static/media/big.mp4")).unwrap();
    big.set_len(SIZE).unwrap(); // sparse: no 50 MB written to the disk
    drop(big);
    let server = Server::start(&site);
    assert_eq!(server.get("/").0, 200);
    let peak_before = server.memory_kib("VmHWM");
    let url = server.url("/media/big.mp4");
    // Four readers at once, each pausing after its first megabyte, so that a
    // server holding whole files would hold four at the same moment.
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let response = ureq::get(&url).call().unwrap();
                let mut reader = response.into_reader();
                let mut first = vec![0; 1024 * 1024];
                reader.read_exact(&mut first).unwrap();
                std::thread::sleep(Duration::from_millis(1500));
                let rest = std::io::copy(&mut reader, &mut std::io::sink()).unwrap();
                first.len() as u64 + rest
            })
        })
        .collect();
    for reader in readers {
        assert_eq!(reader.join().unwrap(), SIZE);
    }
    let grown_mib = server.memory_kib("VmHWM").saturating_sub(peak_before) / 1024;
    assert!(
        grown_mib < 25,
        "peak memory grew by {grown_mib} MiB for 4 downloads of a 50 MiB file"
    );
}

/// Reads from `stream` until the server closes it; the time that took.
fn time_to_close(mut stream: TcpStream, started: Instant) -> Duration {
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return started.elapsed(),
            Ok(_) => {}
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => return started.elapsed(),
        }
        assert!(
            started.elapsed() < Duration::from_secs(40),
            "the server kept the connection open for 40 s"
        );
    }
}

/// A connection that sends nothing, one that sends its headers a byte every two
/// seconds (slowloris) and a kept-alive one left idle are all closed within a
/// bounded time (the header timeout, 10 s), while the live-reload stream, which
/// is a response being written, stays open past it.
#[test]
fn slow_and_idle_connections_are_closed() {
    let site = site();
    let server = Server::start(&site);
    let events = server.events();
    let addr = server.addr();
    let started = Instant::now();
    let silent = TcpStream::connect(&addr).unwrap();
    let idle = {
        let mut s = TcpStream::connect(&addr).unwrap();
        write!(s, "GET /__mag/live.js HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        s
    };
    let slow = {
        let addr = addr.clone();
        std::thread::spawn(move || {
            let mut s = TcpStream::connect(&addr).unwrap();
            let request = format!(
                "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Slow: {}\r\n\r\n",
                "z".repeat(30)
            );
            let reader = s.try_clone().unwrap();
            let watcher = std::thread::spawn(move || time_to_close(reader, started));
            for byte in request.bytes() {
                if s.write_all(&[byte]).is_err() || watcher.is_finished() {
                    break;
                }
                std::thread::sleep(Duration::from_secs(2));
            }
            watcher.join().unwrap()
        })
    };
    let waits = [
        ("silent", time_to_close(silent, started)),
        ("idle", time_to_close(idle, started)),
        ("slow", slow.join().unwrap()),
    ];
    for (what, waited) in waits {
        assert!(
            waited < Duration::from_secs(25),
            "{what}: closed after {waited:?}"
        );
    }
    assert_eq!(server.get("/").0, 200, "the server still answers");
    // The event stream, open since before, still delivers.
    site.write(
        "content/essays/first.md",
        article("After the timeouts.").as_bytes(),
    );
    events.reload_of("/essays/first/index.html");
}

/// Many open tabs: every one of them is told of a rebuild, and the server still
/// answers pages meanwhile.
#[test]
fn many_live_reload_clients_are_all_told() {
    let site = site();
    let server = Server::start(&site);
    let tabs: Vec<Events> = (0..40).map(|_| server.events()).collect();
    assert_eq!(server.get("/").0, 200);
    site.write(
        "content/essays/first.md",
        article("For every tab.").as_bytes(),
    );
    for tab in &tabs {
        tab.reload_of("/essays/first/index.html");
    }
    server.wait_for_text("/essays/first/", "For every tab.");
}
