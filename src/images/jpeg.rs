//! A JPEG file without its metadata, its pixels untouched (ITU T.81 §B: a file
//! is SOI, then marker segments and entropy-coded scans, then EOI).
//!
//! Walked marker by marker over the whole file, not only the header: metadata
//! can sit between the scans of a progressive JPEG, and phones append whole
//! second images (MPF previews, Motion Photos) with their own GPS after the end
//! of the first. Kept: every segment that describes the image (frames, tables,
//! scans, restart intervals), JFIF (APP0), the ICC profile (APP2
//! `ICC_PROFILE`) and Adobe's colour transform (APP14). Dropped: every other
//! application segment (APP1 EXIF and XMP, APP13 IPTC, …), comments, and
//! everything after the end-of-image marker.

/// `bytes` without metadata (see the module documentation).
///
/// Errors: the file is not a JPEG, or is cut short (a segment runs past the end,
/// or there is no end-of-image marker).
pub(crate) fn strip(bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    const CUT: &str = "the JPEG file is cut short (it has no end-of-image marker)";
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("it is not a JPEG file");
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut i = 2;
    loop {
        let Some(at) = memchr::memchr(0xFF, &bytes[i..]).map(|p| i + p) else {
            return Err(CUT);
        };
        out.extend_from_slice(&bytes[i..at]);
        let Some(&marker) = bytes.get(at + 1) else {
            return Err(CUT);
        };
        match marker {
            // Stuffed 0xFF in scan data, restart markers, and fill bytes.
            0x00 | 0xD0..=0xD7 | 0x01 => {
                out.extend_from_slice(&bytes[at..at + 2]);
                i = at + 2;
            }
            0xFF => {
                i = at + 1;
            }
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Ok(out);
            }
            _ => {
                let len = bytes
                    .get(at + 2..at + 4)
                    .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
                    .ok_or(CUT)?;
                let end = at + 2 + len;
                let segment = bytes.get(at..end).ok_or(CUT)?;
                if keep(marker, &segment[4.min(segment.len())..]) {
                    out.extend_from_slice(segment);
                }
                i = end;
            }
        }
    }
}

/// True for the marker segments kept (see the module documentation).
fn keep(marker: u8, contents: &[u8]) -> bool {
    match marker {
        0xE0 | 0xEE => true,
        0xE2 => contents.starts_with(b"ICC_PROFILE\0"),
        0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_between_scans_and_after_the_end_goes() {
        let exif = [0xFF, 0xE1, 0, 6, b'E', b'x', b'i', b'f'];
        let mut file = vec![0xFF, 0xD8];
        file.extend_from_slice(&exif);
        file.extend_from_slice(&[0xFF, 0xDA, 0, 3, 9, 1, 0xFF, 0x00, 2]);
        file.extend_from_slice(&[0xFF, 0xFE, 0, 4, b'h', b'i']);
        file.extend_from_slice(&[0xFF, 0xDA, 0, 3, 9, 3, 0xFF, 0xD0, 4, 0xFF, 0xD9]);
        file.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xE1, 0, 4, b'G', b'P', 0xFF, 0xDA]);
        let out = strip(&file).unwrap();
        assert_eq!(
            out,
            [
                0xFF, 0xD8, 0xFF, 0xDA, 0, 3, 9, 1, 0xFF, 0x00, 2, 0xFF, 0xDA, 0, 3, 9, 3, 0xFF,
                0xD0, 4, 0xFF, 0xD9
            ]
        );
    }

    #[test]
    fn a_file_cut_short_is_an_error() {
        assert!(strip(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 3, 9, 1, 2]).is_err());
        assert!(strip(&[0xFF, 0xD8, 0xFF, 0xE1, 0, 40, 1]).is_err());
        assert!(strip(b"\x89PNG").is_err());
    }
}
