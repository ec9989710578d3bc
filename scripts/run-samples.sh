#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, build in release mode, and extract
# every document in samples/ into out/samples.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/install-deps.sh
build_release
mkdir -p out
status=0
.build/release/intake run samples/ --output out/samples.jsonl || status=$?
echo "records written to $(pwd)/out/samples.jsonl ($(wc -l < out/samples.jsonl) lines)"
exit "$status"
