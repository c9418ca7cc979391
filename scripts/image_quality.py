#!/usr/bin/env python3
"""Measure lossy WebP quality settings on real photographs (issue 14).

What it does, for each photograph (scikit-image's bundled sample photos, from
the scikit-image wheel that it installs; no image is committed to the repo):

  1. resize it with Lanczos to the target width (800 px by default, as a
     typical article-column variant; see --widths and --no-enlarge);
  2. encode lossy WebP at qualities 60..90 with method 4 (Pillow's WebP
     writer uses libwebp with WEBP_PRESET_DEFAULT, as WebPEncodeRGB does) and
     baseline JPEG at 75 and 85 (libjpeg-turbo, 4:2:0) for comparison;
  3. decode each result and score it against the resized, uncompressed image:
       - SSIM   skimage.metrics.structural_similarity on the colour image
                (channel_axis=2, data_range=255); 1.0 = identical;
       - SSIMULACRA2 (the `ssimulacra2` package from PyPI, a Python port of
                libjxl's metric); 90 = visually lossless, 80 = very high
                quality (no visible loss at normal viewing), 70 = high,
                50 = medium;
       - butteraugli max-norm distance, if a `butteraugli` (Debian package
                `butteraugli`) or `butteraugli_main` (libjxl-tools) binary is
                on PATH; < 1.0 = no visible difference, > ~1.5-2 visible at
                1:1 under close scrutiny.

Run:   python3 scripts/image_quality.py [--out results.md]
It creates (once) a venv in /tmp/mag-image-quality-venv and pip installs
Pillow, numpy, scikit-image and ssimulacra2 into it, then re-runs itself there.
For butteraugli: `apt-get install butteraugli` first (optional).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

VENV = os.environ.get("MAG_IQ_VENV", "/tmp/mag-image-quality-venv")
PACKAGES = ["Pillow", "numpy", "scikit-image", "ssimulacra2"]

# Real colour photographs shipped inside the scikit-image wheel.
PHOTOS = [
    "coffee.png",  # CC0, Rachel Michetti: porcelain, wood grain
    "chelsea.png",  # CC0, Stefan van der Walt: cat fur
    "astronaut.png",  # NASA, public domain: portrait, flag, fabric
    "rocket.jpg",  # SpaceX, public domain: launch, sky, smoke
    "hubble_deep_field.jpg",  # NASA, public domain: dark sky, small galaxies
    "retina.jpg",  # CC0, Mikael Häggström: medical photo, smooth gradients
    "motorcycle_left.png",  # Middlebury stereo set: studio photo, fine detail
]

WEBP_QUALITIES = [60, 70, 75, 80, 85, 90]
JPEG_QUALITIES = [75, 85]


def in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


def bootstrap():
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        print(f"creating venv {VENV}", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    probe = subprocess.run(
        [py, "-c", "import PIL, numpy, skimage, ssimulacra2"],
        capture_output=True,
    )
    if probe.returncode != 0:
        subprocess.check_call([py, "-m", "pip", "install", "-q", *PACKAGES])
    os.execv(py, [py, os.path.abspath(__file__), *sys.argv[1:]])


def butteraugli_cmd():
    for name in ("butteraugli", "butteraugli_main"):
        path = shutil.which(name)
        if path:
            return path
    return None


def butteraugli_score(exe, ref_png, dist_png):
    out = subprocess.run(
        [exe, ref_png, dist_png], capture_output=True, text=True, check=True
    ).stdout
    # `butteraugli` prints the score alone; `butteraugli_main` prints the
    # max-norm score on its first line and then "3-norm: x".
    return float(out.split()[0])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--widths", default="800", help="comma-separated target widths")
    ap.add_argument(
        "--no-enlarge",
        action="store_true",
        help="keep photos narrower than the target width at their own size "
        "(as mag does: it never enlarges) instead of enlarging them",
    )
    ap.add_argument("--out", help="also write the markdown tables to this file")
    ap.add_argument("--no-butteraugli", action="store_true")
    args = ap.parse_args()

    import numpy as np
    import PIL
    import skimage
    from PIL import Image, features
    from skimage.metrics import structural_similarity
    from ssimulacra2 import compute_ssimulacra2

    data_dir = os.path.join(os.path.dirname(skimage.__file__), "data")
    bexe = None if args.no_butteraugli else butteraugli_cmd()
    widths = [int(w) for w in args.widths.split(",")]

    lines = []

    def emit(s=""):
        print(s, flush=True)
        lines.append(s)

    emit(
        f"Pillow {PIL.__version__}"
        f" libwebp {features.version('webp')} libjpeg-turbo {features.version('jpg')}"
        f" scikit-image {skimage.__version__}"
        f" butteraugli: {os.path.basename(bexe) if bexe else 'not found'}"
    )

    settings = [("webp", q) for q in WEBP_QUALITIES] + [("jpeg", q) for q in JPEG_QUALITIES]
    tmp = tempfile.mkdtemp(prefix="mag-iq-")
    # results[width][setting] = list of (photo, bytes, bpp, ssim, s2, ba)
    results = {}
    for width in widths:
        results[width] = {s: [] for s in settings}
        emit()
        emit(f"### Per photo, target width {width} px" + (" (never enlarged)" if args.no_enlarge else ""))
        emit()
        emit("| photo | size | codec q | bytes | bits/px | SSIM | SSIMULACRA2 | butteraugli |")
        emit("|---|---|---|--:|--:|--:|--:|--:|")
        for name in PHOTOS:
            src = Image.open(os.path.join(data_dir, name)).convert("RGB")
            w = width
            if args.no_enlarge and src.width < width:
                w = src.width
            h = round(src.height * w / src.width)
            ref = src if (w, h) == src.size else src.resize((w, h), Image.LANCZOS)
            ref_png = os.path.join(tmp, "ref.png")
            ref.save(ref_png)
            ref_arr = np.asarray(ref)
            enlarged = "↑" if w > src.width else ""
            for codec, q in settings:
                enc = os.path.join(tmp, f"enc.{codec}")
                if codec == "webp":
                    ref.save(enc, "WEBP", quality=q, method=4, lossless=False)
                else:
                    ref.save(enc, "JPEG", quality=q)
                nbytes = os.path.getsize(enc)
                dec = Image.open(enc).convert("RGB")
                dec_png = os.path.join(tmp, "dec.png")
                dec.save(dec_png)
                ssim = structural_similarity(
                    ref_arr, np.asarray(dec), channel_axis=2, data_range=255
                )
                s2 = compute_ssimulacra2(ref_png, dec_png)
                ba = butteraugli_score(bexe, ref_png, dec_png) if bexe else float("nan")
                bpp = nbytes * 8 / (w * h)
                results[width][(codec, q)].append((name, nbytes, bpp, ssim, s2, ba))
                emit(
                    f"| {name.split('.')[0]} | {w}×{h}{enlarged} | {codec} {q} | {nbytes} | {bpp:.2f} "
                    f"| {ssim:.4f} | {s2:.1f} | {ba:.2f} |"
                )

        emit()
        emit(f"### Means over {len(PHOTOS)} photos, target width {width} px")
        emit()
        emit("| codec q | mean bytes | bits/px | mean SSIM | median SSIM | min SSIM | mean SSIMULACRA2 | min SSIMULACRA2 | mean butteraugli | max butteraugli |")
        emit("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for s in settings:
            rows = results[width][s]
            col = lambda i: [r[i] for r in rows]  # noqa: E731
            emit(
                f"| {s[0]} {s[1]} | {sum(col(1)) / len(rows):.0f} | {sum(col(2)) / len(rows):.2f} "
                f"| {sum(col(3)) / len(rows):.4f} | {statistics.median(col(3)):.4f} | {min(col(3)):.4f} "
                f"| {sum(col(4)) / len(rows):.1f} | {min(col(4)):.1f} "
                f"| {sum(col(5)) / len(rows):.2f} | {max(col(5)):.2f} |"
            )
    shutil.rmtree(tmp, ignore_errors=True)
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if not in_venv():
        bootstrap()
    t0 = time.time()
    main()
    print(f"\n(done in {time.time() - t0:.0f} s)", file=sys.stderr)
