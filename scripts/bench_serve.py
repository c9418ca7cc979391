#!/usr/bin/env python3
"""Benchmark of `mag serve`: time from saving one article to the reload event.

Generates the 1,000-article corpus of ../shared/bench (in a temporary folder, never
in the repository) unless --site is given, starts `mag serve` on a free port,
subscribes to the live-reload stream like a browser tab, then saves one article
N times (in place, a new sentence each time) and measures, for each save, the
time from the write to the `reload` event naming that article's page. Prints
every sample and the p50 and p95.

Usage:
  cargo build --release
  python3 scripts/bench_serve.py [--mag target/release/mag] [--saves 20]
      [--corpus-script ../shared/bench/gen_corpus.py] [--site DIR]

A benchmark, not a test: the numbers depend on the machine.
"""

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def events(host, port, out):
    """Reads the SSE stream and puts (name, data, arrival time) on `out`."""
    conn = http.client.HTTPConnection(host, port, timeout=600)
    conn.request("GET", "/__mag/events")
    resp = conn.getresponse()
    name = ""
    while True:
        line = resp.readline()
        if not line:
            return
        line = line.decode().rstrip("\r\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            out.put((name, line[6:], time.perf_counter()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mag", default=os.path.join(ROOT, "target/release/mag"))
    ap.add_argument("--saves", type=int, default=20)
    ap.add_argument("--articles", type=int, default=1000)
    candidates = [os.path.join(ROOT, *up, "shared", "bench", "gen_corpus.py") for up in ([".."], ["..", ".."])]
    ap.add_argument(
        "--corpus-script",
        default=next((c for c in candidates if os.path.exists(c)), candidates[0]),
    )
    ap.add_argument("--site", help="serve this site instead of a generated corpus")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="mag-bench-serve-")
    server = None
    try:
        site = args.site
        if not site:
            site = os.path.join(tmp, "corpus")
            subprocess.run(
                [sys.executable, args.corpus_script, site, "--articles", str(args.articles), "--flavor", "mag"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        articles = sorted(
            os.path.join(d, f)
            for d, _, files in os.walk(os.path.join(site, "content"))
            for f in files
            if f.endswith(".md") and "issues" not in d and f not in ("index.md", "_index.md")
        )
        target = articles[len(articles) // 2]
        server = subprocess.Popen(
            [args.mag, "serve", site, "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        url = None
        started = time.time()
        lines = []
        while url is None:
            line = server.stdout.readline()
            if not line:
                sys.exit("mag serve stopped:\n" + "".join(lines))
            lines.append(line)
            m = re.search(r"Serving .* at http://([\d.]+):(\d+)/", line)
            if m:
                url = (m.group(1), int(m.group(2)))
            if time.time() - started > 600:
                sys.exit("mag serve did not start in 10 minutes")
        print("".join(lines), end="")
        rebuild_lines = []
        threading.Thread(
            target=lambda: [rebuild_lines.append(l.rstrip()) for l in server.stdout],
            daemon=True,
        ).start()
        q = queue.Queue()
        threading.Thread(target=events, args=(url[0], url[1], q), daemon=True).start()
        name, _, _ = q.get(timeout=60)
        assert name == "ready", name

        with open(target, encoding="utf-8") as f:
            original = f.read()
        samples = []
        try:
            for i in range(args.saves):
                text = original + f"\n\nA sentence added by save {i}.\n"
                t0 = time.perf_counter()
                with open(target, "w", encoding="utf-8") as f:
                    f.write(text)
                while True:
                    name, data, t1 = q.get(timeout=120)
                    if name == "reload":
                        break
                    if name == "error":
                        sys.exit("the rebuild failed: " + data)
                ms = (t1 - t0) * 1000
                samples.append(ms)
                print(f"save {i + 1:2}: {ms:7.1f} ms  ({json.loads(data)['paths']})")
                time.sleep(0.3)
        finally:
            with open(target, "w", encoding="utf-8") as f:
                f.write(original)
        time.sleep(0.5)
        print("\nserver lines:")
        for line in rebuild_lines[-5:]:
            print("  " + line)
        print(
            f"\n{len(samples)} saves of {os.path.relpath(target, site)}: "
            f"p50 {percentile(samples, 50):.0f} ms, p95 {percentile(samples, 95):.0f} ms, "
            f"min {min(samples):.0f} ms, max {max(samples):.0f} ms, mean {statistics.mean(samples):.0f} ms"
        )
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
