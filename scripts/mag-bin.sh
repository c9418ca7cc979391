#!/usr/bin/env bash
# Builds the `mag` binary (dev profile) and prints its path as cargo reports it,
# so that scripts find it wherever the target folder is (CARGO_TARGET_DIR too).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked --quiet --bin mag --message-format=json | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "mag" and m.get("executable"):
        print(m["executable"])
'
