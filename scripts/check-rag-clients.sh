#!/usr/bin/env bash
# Part of the test command: writes the samples' chunks (twice, to compare ids) and loads them
# with the real clients from PyPI, langchain-core and llama-index-core (scripts/test-venv.sh).
#   scripts/check-rag-clients.sh [INTAKE_BINARY]   (default: the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
intake=${1:-.build/debug/intake}
python=$(bash scripts/test-venv.sh)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for run in 1 2; do
  "$intake" run samples --no-progress -o "$tmp/records-$run.jsonl" --chunks "$tmp/chunks-$run.jsonl" 2>/dev/null
done
"$python" scripts/rag/check_clients.py "$tmp/records-1.jsonl" "$tmp/chunks-1.jsonl" "$tmp/chunks-2.jsonl"
