#!/usr/bin/env bash
# Installs the Debian packages Intake builds and runs with, only those missing.
#   scripts/install-deps.sh [EXTRA_PACKAGE...]
# Runs apt-get as root, or through sudo. Swift itself is expected at /opt/swift or on PATH.
set -euo pipefail
packages=(pkg-config libsqlite3-dev libpoppler-glib-dev libtesseract-dev libleptonica-dev tesseract-ocr-eng tesseract-ocr-osd "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo=""
  ((EUID == 0)) || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null && [[ ! -x /opt/swift/usr/bin/swift ]]; then
  echo "install-deps: Swift 6.2 or later is needed (not found on PATH or at /opt/swift)" >&2
  exit 1
fi
