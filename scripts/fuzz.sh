#!/usr/bin/env bash
# Fuzzes the posting parser or the PDF entry point with libFuzzer (-sanitize=fuzzer).
#   scripts/fuzz.sh parser|pdf [LIBFUZZER_OPTION...]     e.g. scripts/fuzz.sh parser -runs=10000000
# Builds the fuzz targets (declared only with INTAKE_FUZZ set, so the main build never compiles
# them) into .build-fuzz, seeds a corpus in .build-fuzz/corpus-NAME from the project's postings or PDF
# fixtures, and runs. A crashing input is written as crash-* in the current folder: copy it to
# Tests/IntakePipelineTests/FuzzRegressions/NAME/ and the regression test replays it.
set -euo pipefail
# libFuzzer writes crash-*, timeout-* and slow-unit-* files (and fuzz-N.log with -jobs) in the
# folder this was run from, not in the repository.
artifacts=$PWD/
cd "$(dirname "$0")/.."
source scripts/env.sh
target=${1:?parser or pdf}
shift
case $target in
  parser) product=ParserFuzzer; seeds=(scripts/postings/*.txt) ;;
  pdf) product=PDFFuzzer; seeds=(Tests/IntakePipelineTests/Fixtures/*.pdf samples/*.pdf) ;;
  *) echo "fuzz.sh: parser or pdf" >&2; exit 64 ;;
esac
INTAKE_FUZZ=1 swift build -c release --scratch-path .build-fuzz --product "$product" \
  -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -use-ld=lld
corpus=.build-fuzz/corpus-$target
mkdir -p "$corpus"
cp -n "${seeds[@]}" "$corpus"/ 2>/dev/null || true
regressions=Tests/IntakePipelineTests/FuzzRegressions/$target
[[ -d $regressions ]] && cp -n "$regressions"/* "$corpus"/ 2>/dev/null || true
# Swift's own backtracer would catch a trap first and exit before libFuzzer writes the crash-*
# input: leave the signal to libFuzzer.
export SWIFT_BACKTRACE=enable=no
# Run from that folder too, so that -jobs=N's fuzz-N.log files land there as well.
fuzzer=$PWD/.build-fuzz/release/$product
corpus=$PWD/$corpus
cd "$artifacts"
exec "$fuzzer" "$corpus" -max_len=65536 -artifact_prefix="$artifacts" "$@"
