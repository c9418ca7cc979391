#!/usr/bin/env bash
# Runs every test of mag: the Rust unit and integration tests (`cargo test
# --all-targets`, the pathological inputs included), the accessibility check of the
# default theme in headless Chromium (scripts/a11y.sh, which installs what it needs)
# and the live-reload test of `mag serve` in the same browser. Used by README.md
# and .ci/run; arguments go to `cargo test`.
#
# The browser check runs while the Rust tests run: on two cores the longest Rust
# tests (a 50 MB article) keep one core busy while the browser uses the other.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --all-targets --locked --no-run "$@"
MAG_BIN="$(bash scripts/mag-bin.sh)"
export MAG_BIN
a11y_log="$(mktemp)"
trap 'rm -f "$a11y_log"' EXIT
bash scripts/a11y.sh >"$a11y_log" 2>&1 &
a11y=$!
if ! cargo test --all-targets --locked "$@"; then
  kill "$a11y" 2>/dev/null || true
  exit 1
fi
a11y_status=0
wait "$a11y" || a11y_status=$?
cat "$a11y_log"
[ "$a11y_status" -eq 0 ] || { echo "a11y check failed"; exit "$a11y_status"; }
# Live reload of `mag serve` in headless Chromium (a11y.sh above installed chromium,
# node and the npm packages).
node --test tests/browser/live-reload.test.mjs
