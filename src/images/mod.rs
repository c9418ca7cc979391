//! The images mag places in pages: read ([`probe`]), listed as resized copies
//! ([`Catalogue::variants`]), and made once into a cache folder ([`Cache`]).
//!
//! Every JPEG, PNG and WebP file the site publishes from `content/` and
//! `static/` (the site's and its theme's folders on disk) is published with its
//! metadata stripped (EXIF, XMP, IPTC, comments: GPS coordinates and camera
//! serial numbers never reach readers), turned upright by its EXIF orientation,
//! and with a WebP copy at each configured width smaller than the image
//! (`[images] widths`), which pages offer through `<picture>`/`srcset`. GIF,
//! SVG, animated WebP and PNG, and every other file are copied as they are.
//!
//! Data flow: the resolver ([`crate::resolve`]) asks the [`Catalogue`] for an
//! image's size and copies while bodies are rendered; the plan lists one output
//! per copy with the cache file it comes from; [`Cache::prepare`] then makes
//! whatever the cache lacks, before anything is rendered.

mod cache;
mod jpeg;
mod probe;
mod process;
mod svg;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

pub(crate) use cache::Cache;
pub(crate) use probe::Probe;

use crate::config::Images;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    /// The MIME type, for `<source type>`.
    pub(crate) fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }

    /// The file extension, without the dot.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }
}

/// True for the file names mag resizes: `.jpg`, `.jpeg`, `.png`, `.webp`, in any case.
pub(crate) fn is_raster(path: &str) -> bool {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(ext.as_deref(), Some("jpg" | "jpeg" | "png" | "webp"))
}

/// One image file to make from a source image.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Job {
    /// The source image on disk.
    pub(crate) source: PathBuf,
    /// The width to scale to, in pixels; `None` keeps the image's own size.
    pub(crate) width: Option<u32>,
    /// The format to write.
    pub(crate) format: Format,
}

/// One resized copy of an image, as the plan and the pages see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    /// Its site path, without the base path (`/essays/a/lead-800w.webp`).
    pub(crate) path: String,
    /// Its size in pixels.
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// What makes it.
    pub(crate) job: Job,
}

/// The width and height of a `width`-pixel-wide copy of a `w` × `h` image.
fn scaled(w: u32, h: u32, width: u32) -> (u32, u32) {
    let height = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w.max(1));
    (width, height.max(1) as u32)
}

/// `/a/lead.jpg` with `-800w.webp`: `/a/lead-800w.webp`. With `keep_extension`
/// (another image of the same name sits beside it, `lead.png`), the extension
/// stays in the name: `/a/lead.jpg-800w.webp`.
fn sibling(path: &str, suffix: &str, keep_extension: bool) -> String {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = match keep_extension {
        true => name,
        false => name.rsplit_once('.').map_or(name, |(s, _)| s),
    };
    format!("{dir}/{stem}{suffix}")
}

/// True when another JPEG, PNG or WebP file has `file`'s name but for its
/// extension (`lead.jpg` beside `lead.png`): their copies would share names.
fn shares_its_name(file: &Path) -> bool {
    let own = file.extension().map(|e| e.to_string_lossy().into_owned());
    ["jpg", "jpeg", "png", "webp", "JPG", "JPEG", "PNG", "WEBP"]
        .iter()
        .filter(|ext| own.as_deref() != Some(**ext))
        .any(|ext| file.with_extension(ext).is_file())
}

/// What the site knows of its images in one build: the settings, every image
/// read so far (by file, remembered while the file's size and modification time
/// stay the same) and which content files use each.
#[derive(Debug)]
pub(crate) struct Catalogue {
    settings: Images,
    probes: Stamped<Probe>,
    users: Mutex<HashMap<PathBuf, BTreeSet<String>>>,
}

/// A file's size and modification time: when both are unchanged the file is
/// taken to be unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// The stamp of `file`, or `None` when it cannot be read.
    pub(crate) fn of(file: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(file).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// Values made from files (an image's header, its bytes' hash), remembered by
/// file while the file's [`Stamp`] stays the same.
#[derive(Debug)]
pub(crate) struct Stamped<T>(Mutex<HashMap<PathBuf, (Stamp, T)>>);

impl<T: Clone> Stamped<T> {
    /// Starts from `known` (what a previous build remembered).
    pub(crate) fn new(known: HashMap<PathBuf, (Stamp, T)>) -> Self {
        Stamped(Mutex::new(known))
    }

    /// The value remembered for `file`, if the file is unchanged since.
    pub(crate) fn get(&self, file: &Path) -> Option<T> {
        let stamp = Stamp::of(file)?;
        let known = self.0.lock().ok()?;
        known
            .get(file)
            .filter(|(s, _)| *s == stamp)
            .map(|(_, v)| v.clone())
    }

    /// Remembers `value` for `file` as it is now (not when it cannot be read).
    pub(crate) fn put(&self, file: &Path, value: T) {
        if let (Some(stamp), Ok(mut known)) = (Stamp::of(file), self.0.lock()) {
            known.insert(file.to_path_buf(), (stamp, value));
        }
    }

    /// Everything remembered.
    pub(crate) fn all(&self) -> HashMap<PathBuf, (Stamp, T)> {
        self.0.lock().map(|k| k.clone()).unwrap_or_default()
    }
}

impl Catalogue {
    /// A catalogue for `settings` that starts from what a previous build read
    /// (`remembered`, by file: used while a file's stamp is unchanged; an image
    /// now over `max_pixels` is read again, to be refused).
    pub(crate) fn new(
        settings: Images,
        mut remembered: HashMap<PathBuf, (Stamp, Probe)>,
    ) -> Catalogue {
        remembered.retain(|_, (_, p)| match p {
            Probe::Raster { width, height, .. } => {
                u64::from(*width) * u64::from(*height) <= settings.max_pixels
            }
            _ => false,
        });
        Catalogue {
            settings,
            probes: Stamped::new(remembered),
            users: Mutex::new(HashMap::new()),
        }
    }

    /// The JPEG, PNG and WebP files read so far, with their stamps, for the cache
    /// to remember.
    pub(crate) fn raster_probes(&self) -> HashMap<PathBuf, (Stamp, Probe)> {
        self.probes
            .all()
            .into_iter()
            .filter(|(_, (_, p))| matches!(p, Probe::Raster { .. }))
            .collect()
    }

    /// The settings (`[images]`).
    pub(crate) fn settings(&self) -> &Images {
        &self.settings
    }

    /// What `file` is (see [`Probe`]); read once per build while it is unchanged.
    pub(crate) fn probe(&self, file: &Path) -> Probe {
        if let Some(probe) = self.probes.get(file) {
            return probe;
        }
        let probe = probe::probe(file, self.settings.max_pixels);
        self.probes.put(file, probe.clone());
        probe
    }

    /// Notes that the content file `user` (`content/essays/a.md`) places `file`,
    /// for messages about it.
    pub(crate) fn used_by(&self, file: &Path, user: &str) {
        if let Ok(mut users) = self.users.lock() {
            users
                .entry(file.to_path_buf())
                .or_default()
                .insert(user.to_string());
        }
    }

    /// ` (placed by content/a.md, content/b.md)`: the content files known to
    /// place `file`, for messages; empty when none is known.
    pub(crate) fn placed_by(&self, file: &Path) -> String {
        let users: Vec<String> = self
            .users
            .lock()
            .ok()
            .and_then(|u| u.get(file).map(|s| s.iter().cloned().collect()))
            .unwrap_or_default();
        match users.is_empty() {
            true => String::new(),
            false => format!(" (placed by {})", users.join(", ")),
        }
    }

    /// What is published of the image `file` at site path `path`: the file at
    /// `path` itself (the fallback `<img src>`) and the WebP copies for `srcset`,
    /// narrowest first. `None` when mag does not process it (resizing is off, or
    /// it is not a JPEG, PNG or still WebP it can read).
    pub(crate) fn published(&self, file: &Path, path: &str) -> Option<Published> {
        if !self.settings.resize || !is_raster(path) {
            return None;
        }
        let Probe::Raster {
            format,
            width,
            height,
            ..
        } = self.probe(file)
        else {
            return None;
        };
        let job = |width: Option<u32>, format: Format| Job {
            source: file.to_path_buf(),
            width,
            format,
        };
        let keep_extension = shares_its_name(file);
        let widest = self.settings.widths.last().copied().unwrap_or(width);
        let mut widths: Vec<u32> = self
            .settings
            .widths
            .iter()
            .copied()
            .filter(|&w| w < width)
            .collect();
        if width <= widest {
            widths.push(width);
        }
        // WebP cannot hold an image over 16,383 pixels on a side.
        let fits = |w: u32| scaled(width, height, w).1 <= WEBP_MAX && w <= WEBP_MAX;
        let srcset = widths
            .into_iter()
            .filter(|&w| fits(w))
            .map(|w| {
                let (w, h) = scaled(width, height, w);
                Variant {
                    path: sibling(path, &format!("-{w}w.webp"), keep_extension),
                    width: w,
                    height: h,
                    job: job(Some(w), Format::Webp),
                }
            })
            .collect();
        let fallback = if self.settings.keep_originals || width <= widest {
            Variant {
                path: path.to_string(),
                width,
                height,
                job: job(None, format),
            }
        } else {
            let (w, h) = scaled(width, height, widest);
            Variant {
                path: path.to_string(),
                width: w,
                height: h,
                job: job(Some(w), format),
            }
        };
        Some(Published {
            fallback,
            srcset,
            keep_extension,
        })
    }
}

/// The largest width or height of a WebP image (the format's 14-bit fields).
const WEBP_MAX: u32 = 16_383;

/// The width of the copy for `og:image`: Facebook's and LinkedIn's recommended
/// 1200 pixels.
pub(crate) const CARD_WIDTH: u32 = 1200;

/// What is published of one processed image.
#[derive(Debug, Clone)]
pub(crate) struct Published {
    /// The file at the image's own path: the original without its metadata, or
    /// (`keep_originals = false`) the widest configured width.
    pub(crate) fallback: Variant,
    /// WebP copies, narrowest first.
    pub(crate) srcset: Vec<Variant>,
    /// Its copies' names keep its extension (another image shares its name).
    keep_extension: bool,
}

impl Published {
    /// The copy that social sites show for a link (`og:image`): about
    /// [`CARD_WIDTH`] pixels wide, in the image's own format (every social site
    /// reads JPEG and PNG). `None` when the image is not wider than that (its
    /// fallback serves).
    pub(crate) fn card(&self) -> Option<Variant> {
        let fallback = &self.fallback;
        if fallback.width <= CARD_WIDTH {
            return None;
        }
        let (w, h) = scaled(fallback.width, fallback.height, CARD_WIDTH);
        let format = fallback.job.format;
        let suffix = format!("-{w}w.{}", format.extension());
        Some(Variant {
            path: sibling(&fallback.path, &suffix, self.keep_extension),
            width: w,
            height: h,
            job: Job {
                width: Some(w),
                format,
                ..fallback.job.clone()
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_named_beside_the_original() {
        assert_eq!(
            sibling("/a/lead.jpg", "-800w.webp", false),
            "/a/lead-800w.webp"
        );
        assert_eq!(
            sibling("/a/lead.jpg", "-800w.webp", true),
            "/a/lead.jpg-800w.webp"
        );
        assert_eq!(sibling("/lead", "-8w.webp", false), "/lead-8w.webp");
        assert_eq!(scaled(4000, 3000, 800), (800, 600));
        assert_eq!(scaled(3, 1, 2), (2, 1));
    }

    #[test]
    fn raster_names() {
        assert!(is_raster("a/B.JPG"));
        assert!(is_raster("x.webp"));
        assert!(!is_raster("x.gif"));
        assert!(!is_raster("jpg"));
    }
}
