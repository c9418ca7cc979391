#!/usr/bin/env bash
# Runs every test of mag: the Rust unit and integration tests, including the ones
# that build the sample site, then the accessibility check of the default theme in
# headless Chromium (scripts/a11y.sh, which installs what it needs) and the
# live-reload test of `mag serve` in the same browser. Used by
# README.md and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --all-targets --locked "$@"
bash scripts/a11y.sh
# Live reload of `mag serve` in headless Chromium (a11y.sh above installed chromium,
# node and the npm packages, and built mag).
MAG_BIN="$(bash scripts/mag-bin.sh)" node --test tests/browser/live-reload.test.mjs
