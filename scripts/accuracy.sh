#!/usr/bin/env bash
# `make accuracy`: the posting parser field by field on ../shared/postings-dev (or $POSTINGS_DEV)
# and on scripts/postings, through `intake parse` and — with RUN=1 — through `intake run` on
# born-digital and scanned PDFs of the postings (installs what typesetting needs, docs_tools in
# scripts/env.sh). Extra arguments go to scripts/accuracy.py.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
build_release
python=python3
if [[ ${RUN:-0} == 1 ]]; then
  docs_tools
  python=$docs_python
  set -- --run "$@"
fi
exec "$python" scripts/accuracy.py "$@"
