//! An SVG's size for `width`/`height` attributes: its root element's `width`
//! and `height` when they are lengths (in pixels, or in units turned into
//! pixels), else its
//! `viewBox` (SVG 1.1 §7.7: the viewBox gives the aspect ratio, and a missing
//! dimension follows from it).

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

/// How much of the file is read to find the root element.
const HEAD: u64 = 64 * 1024;

/// The size of the SVG at `file`, rounded to whole pixels; `None` when neither
/// its width and height nor its viewBox give one.
pub(crate) fn size(file: &Path) -> Option<(u32, u32)> {
    let mut head = Vec::new();
    std::fs::File::open(file)
        .ok()?
        .take(HEAD)
        .read_to_end(&mut head)
        .ok()?;
    let mut reader = Reader::from_reader(head.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) => {
                if e.local_name().as_ref() != "svg" {
                    return None;
                }
                let mut width = None;
                let mut height = None;
                let mut view_box = None;
                for attr in e.attributes().flatten() {
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()?
                        .to_string();
                    match attr.key.local_name().as_ref() {
                        "width" => width = pixels(&value),
                        "height" => height = pixels(&value),
                        "viewBox" => view_box = view_box_size(&value),
                        _ => {}
                    }
                }
                return from_parts(width, height, view_box);
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// Width and height from what the root element gives.
fn from_parts(
    width: Option<f64>,
    height: Option<f64>,
    view_box: Option<(f64, f64)>,
) -> Option<(u32, u32)> {
    let (w, h) = match (width, height, view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(v)) => v,
        _ => return None,
    };
    let round = |x: f64| (x.round() >= 1.0 && x.is_finite() && x < 1e6).then(|| x.round() as u32);
    Some((round(w)?, round(h)?))
}

/// A length in CSS pixels (CSS Values 4 §6.2: 1in = 96px, 1pt = 4/3px, and
/// 1em taken as 16px): `640`, `640px`, `2em`, `10cm`; percentages give `None`.
fn pixels(value: &str) -> Option<f64> {
    let v = value.trim();
    let split = v
        .find(|c: char| c.is_ascii_alphabetic() || c == '%')
        .unwrap_or(v.len());
    let (number, unit) = v.split_at(split);
    let scale = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "px" => 1.0,
        "em" | "rem" | "pc" => 16.0,
        "ex" => 8.0,
        "pt" => 4.0 / 3.0,
        "in" => 96.0,
        "cm" => 96.0 / 2.54,
        "mm" => 96.0 / 25.4,
        "q" => 96.0 / 101.6,
        _ => return None,
    };
    number
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| *n > 0.0)
        .map(|n| n * scale)
}

/// The width and height of a `viewBox` (`min-x min-y width height`).
fn view_box_size(value: &str) -> Option<(f64, f64)> {
    let parts: Vec<f64> = value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match parts[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_from_attributes_or_view_box() {
        assert_eq!(
            from_parts(pixels("640px"), pixels("480"), None),
            Some((640, 480))
        );
        assert_eq!(
            from_parts(pixels("100%"), None, view_box_size("0 0 1200 800")),
            Some((1200, 800))
        );
        assert_eq!(
            from_parts(pixels("600"), None, view_box_size("0,0,1200,800")),
            Some((600, 400))
        );
        assert_eq!(from_parts(None, None, view_box_size("0 0 0 8")), None);
        assert_eq!(
            from_parts(pixels("2em"), None, view_box_size("0 0 1200 800")),
            Some((32, 21))
        );
        assert_eq!(
            from_parts(pixels("1in"), pixels("72pt"), None),
            Some((96, 96))
        );
    }
}
