#!/usr/bin/env bash
# Regenerates samples/ and the test fixtures from scripts/postings/ (see make-documents.py).
# Installs what it needs (docs_tools in env.sh): pdftoppm, qpdf, DejaVu and WenQuanYi fonts, a venv
# with reportlab and Pillow. The outputs are committed; CI does not run this.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
docs_tools
"$docs_python" scripts/make-documents.py samples Tests/IntakePipelineTests/Fixtures
echo "make-documents: wrote samples/ and Tests/IntakePipelineTests/Fixtures/"
