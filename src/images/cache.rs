//! The cache folder (`[images] cache`, `.mag-cache/images` by default): every
//! file mag made from an image, named by a hash of the source's bytes and of
//! how it was made, so a second build finds them and makes nothing; `mag
//! build` then deletes the files no output uses.
//!
//! Hashing a large photograph costs more than looking it up, so the hashes of
//! sources are remembered in `sources.tsv` by path, size and modification time.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, UNIX_EPOCH};

use rayon::prelude::*;

use super::{process, Catalogue, Job, Stamp};
use crate::config::Images;
use crate::diagnostics::Diagnostic;
use crate::util::progress;

/// Bumped when the way files are made changes, so old cache files are not reused.
const VERSION: &str = "mag-images-1";
/// The file that remembers the sources' hashes.
const SOURCES: &str = "sources.tsv";

/// The cache folder of one build.
#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
    site_dir: PathBuf,
    settings: Images,
    hashes: Mutex<HashMap<PathBuf, (Stamp, String)>>,
}

impl Cache {
    /// The cache of the site at `site_dir` (its `[images] cache` folder, created
    /// when first written to), with `settings`.
    pub(crate) fn open(site_dir: &Path, settings: &Images) -> Cache {
        let dir = site_dir.join(&settings.cache);
        let hashes = read_sources(&dir.join(SOURCES));
        Cache {
            dir,
            site_dir: site_dir.to_path_buf(),
            settings: settings.clone(),
            hashes: Mutex::new(hashes),
        }
    }

    /// Where the file of `job` is, or will be, kept; `None` when its source
    /// cannot be read.
    pub(crate) fn file_for(&self, job: &Job) -> Option<PathBuf> {
        let source = self.source_hash(&job.source)?;
        let mut h = blake3::Hasher::new();
        h.update(VERSION.as_bytes());
        h.update(source.as_bytes());
        h.update(&job.width.unwrap_or(0).to_le_bytes());
        h.update(job.format.extension().as_bytes());
        h.update(&[self.settings.quality]);
        let key = h.finalize().to_hex();
        let name = format!("{}.{}", &key[..32], job.format.extension());
        Some(self.dir.join(&key[..2]).join(name))
    }

    /// The hash of `file`'s bytes, remembered while its size and modification
    /// time stay the same.
    fn source_hash(&self, file: &Path) -> Option<String> {
        let stamp = Stamp::of(file)?;
        if let Ok(hashes) = self.hashes.lock() {
            if let Some((s, hash)) = hashes.get(file) {
                if *s == stamp {
                    return Some(hash.clone());
                }
            }
        }
        let bytes = std::fs::read(file).ok()?;
        let hash = blake3::hash(&bytes).to_hex().to_string();
        if let Ok(mut hashes) = self.hashes.lock() {
            hashes.insert(file.to_path_buf(), (stamp, hash.clone()));
        }
        Some(hash)
    }

    /// Makes every file of `jobs` (a job and its cache file) the cache lacks:
    /// each source decoded once, sources in parallel. Returns an error for each
    /// source that cannot be made, naming the content files that use it.
    pub(crate) fn prepare(&self, jobs: &[(&Job, &Path)], catalogue: &Catalogue) -> Vec<Diagnostic> {
        let mut by_source: BTreeMap<&Path, Vec<(&Job, &Path)>> = BTreeMap::new();
        for &(job, file) in jobs {
            if !file.exists() {
                by_source
                    .entry(job.source.as_path())
                    .or_default()
                    .push((job, file));
            }
        }
        if by_source.is_empty() {
            return Vec::new();
        }
        let total = by_source.len();
        let done = AtomicUsize::new(0);
        let _status = progress::Status::show(format!("Resizing images 0/{total}"));
        let errors: Vec<Diagnostic> = by_source
            .into_par_iter()
            .filter_map(|(source, jobs)| {
                let result = self.make(source, &jobs);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress::Status::set(format!("Resizing images {n}/{total}"));
                result
                    .err()
                    .map(|why| error(source, &self.site_dir, &why, catalogue))
            })
            .collect();
        errors
    }

    /// Makes the files of `jobs`, all from `source`.
    fn make(&self, source: &Path, jobs: &[(&Job, &Path)]) -> Result<(), String> {
        let bytes = std::fs::read(source).map_err(|e| e.to_string())?;
        let only: Vec<&Job> = jobs.iter().map(|(j, _)| *j).collect();
        let made = process::make(
            &bytes,
            &only,
            self.settings.quality,
            self.settings.max_pixels,
        )?;
        for ((_, file), bytes) in jobs.iter().zip(made) {
            let written = file
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| process::write_atomically(file, &bytes));
            written
                .map_err(|e| format!("cannot write {} in the image cache: {e}", file.display()))?;
        }
        Ok(())
    }

    /// Remembers the sources' hashes for the next build and, with `prune`,
    /// deletes every cached file not in `used`. Failures only cost time later,
    /// so they are ignored.
    pub(crate) fn finish(&self, used: &HashSet<&Path>, prune: bool) {
        if !self.dir.exists() {
            return;
        }
        if let Ok(hashes) = self.hashes.lock() {
            let mut text = String::new();
            let mut entries: Vec<_> = hashes.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (file, (stamp, hash)) in entries {
                let nanos = stamp
                    .modified
                    .and_then(|m| m.duration_since(UNIX_EPOCH).ok());
                let nanos = nanos.map_or(0, |d| d.as_nanos());
                text.push_str(&format!(
                    "{}\t{nanos}\t{hash}\t{}\n",
                    stamp.len,
                    file.display()
                ));
            }
            let _ = process::write_atomically(&self.dir.join(SOURCES), text.as_bytes());
        }
        if !prune {
            return;
        }
        for entry in walkdir::WalkDir::new(&self.dir).min_depth(2).max_depth(2) {
            let Ok(entry) = entry else { continue };
            if entry.file_type().is_file() && !used.contains(entry.path()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The hashes remembered by a previous build; empty when there are none.
fn read_sources(file: &Path) -> HashMap<PathBuf, (Stamp, String)> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, '\t');
            let len = parts.next()?.parse().ok()?;
            let nanos: u64 = parts.next()?.parse().ok()?;
            let hash = parts.next()?.to_string();
            let path = PathBuf::from(parts.next()?);
            let modified = (nanos > 0).then(|| UNIX_EPOCH + Duration::from_nanos(nanos));
            Some((path, (Stamp { len, modified }, hash)))
        })
        .collect()
}

/// The error for a source image that cannot be made.
fn error(source: &Path, site_dir: &Path, why: &str, catalogue: &Catalogue) -> Diagnostic {
    let users = catalogue.users_of(source);
    let used = if users.is_empty() {
        String::new()
    } else {
        format!(" (placed by {})", users.join(", "))
    };
    Diagnostic::error(
        Some(crate::util::site_relative(source, site_dir)),
        format!("the image cannot be resized: {why}{used}"),
    )
    .with_help("open it in an image editor and save it again, or replace it; a truncated file is often an interrupted upload or copy")
}
