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

use super::{process, Catalogue, Format, Job, Probe, Stamp, Stamped};
use crate::config::Images;
use crate::diagnostics::Diagnostic;
use crate::util::progress;

/// Bumped when the way files are made changes, so old cache files are not reused.
const VERSION: &str = "mag-images-2";
/// Images with more pixels than this (24 megapixels) are decoded one at a time.
const BIG: u64 = 24_000_000;
/// Held while a big image is made.
static BIG_TURN: Mutex<()> = Mutex::new(());
/// The file that remembers the sources' hashes.
const SOURCES: &str = "sources.tsv";

/// The cache folder of one build.
#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
    site_dir: PathBuf,
    settings: Images,
    hashes: Stamped<String>,
    /// What the previous build read of each image's header.
    probes: HashMap<PathBuf, (Stamp, Probe)>,
}

impl Cache {
    /// The cache of the site at `site_dir` (its `[images] cache` folder, created
    /// when first written to), with `settings`.
    pub(crate) fn open(site_dir: &Path, settings: &Images) -> Cache {
        let dir = site_dir.join(&settings.cache);
        let (hashes, probes) = read_sources(&dir.join(SOURCES));
        Cache {
            dir,
            site_dir: site_dir.to_path_buf(),
            settings: settings.clone(),
            hashes: Stamped::new(hashes),
            probes,
        }
    }

    /// What the previous build read of each image's header, for the
    /// [`Catalogue`] (valid while the file's stamp is unchanged).
    pub(crate) fn remembered_probes(&self) -> HashMap<PathBuf, (Stamp, Probe)> {
        self.probes.clone()
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
        if let Some(hash) = self.hashes.get(file) {
            return Some(hash);
        }
        let bytes = std::fs::read(file).ok()?;
        let hash = blake3::hash(&bytes).to_hex().to_string();
        self.hashes.put(file, hash.clone());
        Some(hash)
    }

    /// Makes every file of `jobs` (a job and its cache file) the cache lacks:
    /// each source decoded once, sources in parallel. Returns an error for each
    /// source that cannot be made, naming the content files that use it.
    pub(crate) fn prepare(&self, jobs: &[(&Job, &Path)], catalogue: &Catalogue) -> Vec<Diagnostic> {
        let mut by_source: BTreeMap<&Path, Vec<(&Job, &Path)>> = BTreeMap::new();
        // Byte-identical sources share their cache files: each is made once.
        let mut seen = HashSet::new();
        for &(job, file) in jobs {
            if seen.insert(file) && !file.exists() {
                by_source
                    .entry(job.source.as_path())
                    .or_default()
                    .push((job, file));
            }
        }
        if by_source.is_empty() {
            return Vec::new();
        }
        if let Err(e) = std::fs::create_dir_all(&self.dir) {
            return vec![Diagnostic::error(
                Some(crate::config::CONFIG_FILE.to_string()),
                format!("cannot create the image cache folder {}: {e}", self.dir.display()),
            )
            .with_help("set [images] cache in mag.toml to a folder mag can write (the default is .mag-cache/images)")];
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

    /// Makes the files of `jobs`, all from `source`. Images over [`BIG`] pixels
    /// are made one at a time, so that memory does not grow with the cores.
    fn make(&self, source: &Path, jobs: &[(&Job, &Path)]) -> Result<(), String> {
        let bytes = std::fs::read(source).map_err(|e| e.to_string())?;
        let big =
            imagesize::blob_size(&bytes).is_ok_and(|s| (s.width as u64) * (s.height as u64) > BIG);
        let _turn = big.then(|| BIG_TURN.lock());
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
    /// deletes every cached file `jobs` do not use (and forgets the sources
    /// they do not name). Failures only cost time later, so they are ignored.
    pub(crate) fn finish(&self, jobs: &[(&Job, &Path)], prune: bool, catalogue: &Catalogue) {
        if !self.dir.exists() {
            return;
        }
        let used: HashSet<&Path> = jobs.iter().map(|(_, file)| *file).collect();
        let sources: HashSet<&Path> = jobs.iter().map(|(job, _)| job.source.as_path()).collect();
        {
            let hashes = self.hashes.all();
            let probes = catalogue.raster_probes();
            let mut files: Vec<&PathBuf> = hashes.keys().chain(probes.keys()).collect();
            files.sort();
            files.dedup();
            let mut text = String::new();
            for file in files
                .into_iter()
                .filter(|f| !prune || sources.contains(f.as_path()))
            {
                let (stamp, hash) = match (hashes.get(file), probes.get(file)) {
                    (Some((s, h)), _) => (*s, h.as_str()),
                    (None, Some((s, _))) => (*s, "-"),
                    (None, None) => continue,
                };
                let probe = probes
                    .get(file)
                    .filter(|(s, _)| *s == stamp)
                    .map(|(_, p)| p);
                let nanos = stamp
                    .modified
                    .and_then(|m| m.duration_since(UNIX_EPOCH).ok());
                let nanos = nanos.map_or(0, |d| d.as_nanos());
                text.push_str(&format!(
                    "{}\t{nanos}\t{hash}\t{}\t{}\n",
                    stamp.len,
                    write_probe(probe),
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
            let ours = entry.file_type().is_file() && is_cache_name(entry.path());
            if ours && !used.contains(entry.path()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// True for the files mag makes in the cache (`ab/ab…32 hex….webp`): pruning
/// never touches anything else, whatever else shares the folder.
fn is_cache_name(path: &Path) -> bool {
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned());
    match (name.as_deref().and_then(|n| n.split_once('.')), folder) {
        (Some((stem, ext)), Some(folder)) => {
            hex(stem, 32)
                && hex(&folder, 2)
                && stem.starts_with(folder.as_str())
                && ["webp", "jpg", "png"].contains(&ext)
        }
        _ => false,
    }
}

/// What a previous build remembered of each source: its stamp, its hash (if
/// it was hashed) and its probe (if it is an image mag resizes); empty when
/// there is nothing.
fn read_sources(file: &Path) -> Remembered {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let mut hashes = HashMap::new();
    let mut probes = HashMap::new();
    for line in text.lines() {
        let mut parts = line.splitn(5, '\t');
        let (Some(len), Some(nanos), Some(hash), Some(probe), Some(path)) = (
            parts.next().and_then(|p| p.parse().ok()),
            parts.next().and_then(|p| p.parse::<u64>().ok()),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            continue;
        };
        let modified = (nanos > 0).then(|| UNIX_EPOCH + Duration::from_nanos(nanos));
        let stamp = Stamp { len, modified };
        if hash != "-" {
            hashes.insert(PathBuf::from(path), (stamp, hash.to_string()));
        }
        if let Some(probe) = parse_probe(probe) {
            probes.insert(PathBuf::from(path), (stamp, probe));
        }
    }
    (hashes, probes)
}

/// Hashes and probes by source file.
type Remembered = (
    HashMap<PathBuf, (Stamp, String)>,
    HashMap<PathBuf, (Stamp, Probe)>,
);

/// `jpeg:2400x1600` for a resizable image, else `-`.
fn write_probe(probe: Option<&Probe>) -> String {
    match probe {
        Some(Probe::Raster {
            format,
            width,
            height,
        }) => {
            format!("{}:{width}x{height}", format.extension())
        }
        _ => "-".into(),
    }
}

fn parse_probe(text: &str) -> Option<Probe> {
    let (format, size) = text.split_once(':')?;
    let (w, h) = size.split_once('x')?;
    let format = match format {
        "jpg" => Format::Jpeg,
        "png" => Format::Png,
        "webp" => Format::Webp,
        _ => return None,
    };
    Some(Probe::Raster {
        format,
        width: w.parse().ok()?,
        height: h.parse().ok()?,
    })
}

/// The error for a source image that cannot be made.
fn error(source: &Path, site_dir: &Path, why: &str, catalogue: &Catalogue) -> Diagnostic {
    let used = catalogue.placed_by(source);
    Diagnostic::error(
        Some(crate::util::site_relative(source, site_dir)),
        format!("the image cannot be resized: {why}{used}"),
    )
    .with_help("open it in an image editor and save it again, or replace it; a truncated file is often an interrupted upload or copy")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_mag_made_are_pruned() {
        assert!(is_cache_name(Path::new(
            "/c/ab/ab0123456789abcdef0123456789abcd.webp"
        )));
        assert!(!is_cache_name(Path::new(
            "/c/ab/cd0123456789abcdef0123456789abcd.webp"
        )));
        assert!(!is_cache_name(Path::new("/c/othertool/data.bin")));
        assert!(!is_cache_name(Path::new("/site/content/about.md")));
        assert!(!is_cache_name(Path::new(
            "/c/ab/ab0123456789abcdef0123456789abcd.md"
        )));
    }
}
