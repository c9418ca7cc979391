#!/usr/bin/env bash
# Regenerates the screenshots of the default theme shown in the manual
# (content/default-theme.md): home, article (top and body), issue and section pages of
# the sample magazine at 390 px and 1280 px, as compressed PNG in content/images/theme/.
# Needs Debian's chromium and pngquant (installed with apt-get when missing) and the
# npm packages of tests/browser/ (npm ci). Run from anywhere: scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pngquant >/dev/null 2>&1 || need_apt+=(pngquant)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

cargo build --locked --quiet
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
target/debug/mag build sample-site -o "$out/site" >/dev/null
mkdir -p "$out/shots" content/images/theme
node tests/browser/screenshots.mjs "$out/site" "$out/shots"
for png in "$out"/shots/*.png; do
  # 48 colours keep text crisp on the theme's flat paper and ink; --strip drops metadata.
  pngquant --force --strip --speed 1 48 --output "content/images/theme/$(basename "$png")" "$png"
done
du -ch content/images/theme/*.png | tail -1
