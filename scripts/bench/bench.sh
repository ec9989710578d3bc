#!/usr/bin/env bash
# `make bench`: Intake side by side with pdftotext, PyMuPDF, the tesseract CLI and OCRmyPDF on the
# corpus ../shared/bench/make-corpus.sh builds. Installs what is missing (Debian packages; PyMuPDF
# in a venv under .build/), builds Intake in release mode, then runs scripts/bench/run.py, which
# prints the markdown table for BENCHMARKS.md.
# With REALSCANS=DIR (the real-scan development set scripts/bench/realscans/prepare.py builds) it
# first scores Intake against the tesseract CLI there (scripts/bench/realscans.py); with
# HOSTILE=DIR (OCRmyPDF's hostile PDFs, scripts/bench/hostile.py; HOSTILE_FROM=an OCRmyPDF
# checkout fills it) it measures peak memory over them. Both sets stay outside the project.
#   env: SHARED=../shared  BENCH_DIR=.build/bench  RUNS=3  REALSCANS=  HOSTILE=  HOSTILE_FROM=
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
SHARED=${SHARED:-../shared}
BENCH_DIR=${BENCH_DIR:-.build/bench}
[[ -x $SHARED/bench/make-corpus.sh ]] || { echo "bench: $SHARED/bench/make-corpus.sh not found (set SHARED)" >&2; exit 1; }
# The corpus needs LibreOffice, img2pdf, ImageMagick and fonts; the peers are Debian's.
bash scripts/install-deps.sh libreoffice-writer-nogui img2pdf imagemagick fonts-liberation2 fonts-dejavu-core \
  qpdf poppler-utils tesseract-ocr ocrmypdf ghostscript python3-venv time
build_release
mkdir -p "$BENCH_DIR"
bash "$SHARED/bench/make-corpus.sh" "$BENCH_DIR/corpus"
bash scripts/bench/make-extras.sh "$BENCH_DIR/corpus" "$BENCH_DIR/extras"
VENV=$BENCH_DIR/venv
[[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import pymupdf' 2>/dev/null || "$VENV/bin/pip" install -q pymupdf
if [[ -n ${REALSCANS:-} ]]; then
  python3 scripts/bench/realscans.py "$REALSCANS" --intake .build/release/intake --cer "$SHARED/bench/cer.py" \
    --work "$BENCH_DIR/realscans-work" --runs "${RUNS:-3}" --isolation
fi
if [[ -n ${HOSTILE:-} ]]; then
  python3 scripts/bench/hostile.py "$HOSTILE" --intake .build/release/intake --work "$BENCH_DIR/hostile-work" \
    ${HOSTILE_FROM:+--from "$HOSTILE_FROM"}
fi
exec python3 scripts/bench/run.py --intake .build/release/intake --corpus "$BENCH_DIR/corpus" \
  --extras "$BENCH_DIR/extras" --cer "$SHARED/bench/cer.py" --venv "$VENV" --work "$BENCH_DIR/work" \
  --runs "${RUNS:-3}"
