# Sourced by the scripts: puts Swift on PATH and keeps Tesseract's OpenMP to one thread per
# engine (Debian's libtesseract links OpenMP; the tests run several engines at once).
if ! command -v swift >/dev/null && [[ -x /opt/swift/usr/bin/swift ]]; then
  export PATH=/opt/swift/usr/bin:$PATH
fi
export OMP_THREAD_LIMIT=${OMP_THREAD_LIMIT:-1}

# The release build every script uses. The Swift runtime and Foundation are linked statically:
# the dynamic loader then binds a few dozen libraries instead of ~100, which halves the start-up
# (40 → 20 ms, most of it symbol look-up), a fixed cost every `intake run` pays.
build_release() {
  swift build -c release --static-swift-stdlib "$@"
}

# What typesetting the postings needs (make-documents.py): Debian's poppler-utils (pdftoppm), qpdf,
# DejaVu and WenQuanYi (CJK) fonts, and a venv with reportlab and Pillow. Sets $docs_python.
docs_tools() {
  local need=()
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  command -v qpdf >/dev/null || need+=(qpdf)
  [[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || need+=(fonts-dejavu-core)
  [[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || need+=(fonts-wqy-microhei)
  if ((${#need[@]})); then
    ${SUDO:-$( ((EUID)) && echo sudo)} apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  local venv=${VENV:-.venv-docs}
  [[ -x $venv/bin/python ]] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q reportlab pillow; }
  docs_python=$venv/bin/python
}
