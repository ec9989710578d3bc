#!/usr/bin/env bash
# Regenerates samples/ and the test fixtures from scripts/postings/ (see make-documents.py).
# Installs what it needs: Debian's poppler-utils (pdftoppm), qpdf, DejaVu and WenQuanYi (CJK) fonts, and a venv
# with reportlab and Pillow. The outputs are committed; CI does not run this.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v qpdf >/dev/null || need+=(qpdf)
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || need+=(fonts-dejavu-core)
[[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || need+=(fonts-wqy-microhei)
if ((${#need[@]})); then
  ${SUDO:-$( ((EUID)) && echo sudo)} apt-get install -y --no-install-recommends "${need[@]}"
fi
VENV=${VENV:-.venv-docs}
[[ -x $VENV/bin/python ]] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q reportlab pillow; }
"$VENV/bin/python" scripts/make-documents.py samples Tests/IntakePipelineTests/Fixtures
echo "make-documents: wrote samples/ and Tests/IntakePipelineTests/Fixtures/"
