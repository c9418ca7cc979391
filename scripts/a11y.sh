#!/usr/bin/env bash
# Accessibility check of the default theme (run by scripts/test.sh, hence by .ci/run):
# builds the sample magazine, then runs axe-core in Debian's headless Chromium on the
# home, an article, an issue and a section page (light and dark, 390 and 1280 px).
# Fails on any serious or critical violation. Also builds tests/browser/site (notes
# inside a table, a pull quote and a list) for the sidenote and print checks. Installs what it needs: Debian's
# chromium (and node/npm) with apt-get, and axe-core + playwright-core from
# tests/browser/package-lock.json with npm ci. It never downloads a browser.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "a11y: installing ${need_apt[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -d tests/browser/node_modules/axe-core ] || [ ! -d tests/browser/node_modules/playwright-core ] \
   || [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  echo "a11y: installing axe-core and playwright-core (npm ci)"
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# The binary: $MAG_BIN when the caller built it already (scripts/test.sh does).
mag="${MAG_BIN:-$(bash scripts/mag-bin.sh)}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$mag" build sample-site -o "$out/site" >/dev/null
"$mag" build tests/browser/site -o "$out/notes" >/dev/null
node tests/browser/a11y.mjs "$out/site" "$out/notes"
