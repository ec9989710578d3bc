# Sourced by the scripts: puts Swift on PATH and keeps Tesseract's OpenMP to one thread per
# engine (Debian's libtesseract links OpenMP; the tests run several engines at once).
if ! command -v swift >/dev/null && [[ -x /opt/swift/usr/bin/swift ]]; then
  export PATH=/opt/swift/usr/bin:$PATH
fi
export OMP_THREAD_LIMIT=${OMP_THREAD_LIMIT:-1}
