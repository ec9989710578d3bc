#!/usr/bin/env bash
# `make accuracy`: the posting parser field by field on ../shared/postings-dev (or $POSTINGS_DEV)
# and on scripts/postings, through `intake parse` and — with RUN=1 — through `intake run` on
# born-digital and scanned PDFs of the postings (needs pdftoppm and the .venv-docs venv with
# reportlab and Pillow, made here when missing). Extra arguments go to scripts/accuracy.py.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
build_release
python=python3
if [[ ${RUN:-0} == 1 ]]; then
  command -v pdftoppm >/dev/null || ${SUDO:-$( ((EUID)) && echo sudo)} apt-get install -y --no-install-recommends poppler-utils
  VENV=${VENV:-.venv-docs}
  [[ -x $VENV/bin/python ]] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q reportlab pillow; }
  python=$VENV/bin/python
  set -- --run "$@"
fi
exec "$python" scripts/accuracy.py "$@"
