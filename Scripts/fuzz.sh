#!/usr/bin/env bash
# Fuzz one input reader with libFuzzer (shipped with the Swift toolchain).
#
#   Scripts/fuzz.sh TARGET SECONDS      TARGET: shapefile | csv | manifest | rules | vector
#                                       (vector: GeoPackage, GeoJSON, zipped shapefile, XLSX via GDAL)
#   Scripts/fuzz.sh TARGET build        only build the fuzzer
#
# The harnesses (Tests/Fuzz/Fuzz*.swift) are not SwiftPM targets, so `swift build` and `swift test`
# never see them. This script compiles the modules a harness needs straight from Sources/ with
# swiftc (coverage + AddressSanitizer), links the C libraries found by pkg-config, seeds a corpus
# from the peer corpus (the folder shared/corpus beside the repository, when present) and the project's own files, runs one worker for SECONDS, and copies
# every crash, timeout or out-of-memory input to Tests/Fixtures/fuzz-regressions/TARGET/.
# Work files live in scratch/fuzz/ (git-ignored); the corpus grows there between runs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="${1:?usage: Scripts/fuzz.sh shapefile|csv|manifest|rules|vector SECONDS|build}"
SECONDS_TO_RUN="${2:?usage: Scripts/fuzz.sh TARGET SECONDS|build}"
SWIFTC="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
CLANG="${CLANG:-$(dirname "$SWIFTC")/clang}"
WORK="$ROOT/scratch/fuzz"
BUILD="$WORK/build"
mkdir -p "$BUILD"

case "$TARGET" in
  shapefile) MODULES="Domain Geometry ShapefileIO"; HARNESS=FuzzShapefile ;;
  csv)       MODULES="Domain Tables"; HARNESS=FuzzCSV ;;
  manifest)  MODULES="Domain Manifest"; HARNESS=FuzzManifest ;;
  rules)     MODULES="Domain Rules Ranking"; HARNESS=FuzzRules ;;
  vector)    MODULES="Domain Geometry ShapefileIO Tables VectorFormats"; HARNESS=FuzzVector ;;
  *) echo "unknown target '$TARGET' (shapefile, csv, manifest, rules, vector)" >&2; exit 64 ;;
esac
# A GeoPackage is an SQLite file of pages: the smallest real ones exceed 64 kB.
MAX_LEN=65536; [[ "$TARGET" == vector ]] && MAX_LEN=262144

SAN=(-sanitize=fuzzer,address)
# The system-library module maps sit in Sources/C*; the C headers and libraries come from pkg-config
# (GDAL's and PROJ's headers from /usr/include, the libraries loaded at run time by CGDAL and
# CProj, as in the build).
CFLAGS=(); for f in $(pkg-config --cflags lua5.4); do CFLAGS+=(-Xcc "$f"); done
LIBS=($(pkg-config --libs lua5.4 geos shapelib))
INCLUDES=(-I "$BUILD" -I "$ROOT/Sources/CGEOS" -I "$ROOT/Sources/CLua" -I "$ROOT/Sources/CShapelib")

# CLuaSandbox is C: compile it with the same instrumentation and give it a module map.
build_lua_sandbox() {
  local obj src
  for src in "$ROOT/Sources/CLuaSandbox/"*.c; do
    obj="$BUILD/CLuaSandbox-$(basename "$src" .c).o"
    if [[ ! -f "$obj" || "$src" -nt "$obj" || "$ROOT/Sources/CLuaSandbox/include/lua_sandbox.h" -nt "$obj" ]]; then
      "$CLANG" -c -O1 -g -fsanitize=fuzzer-no-link,address $(pkg-config --cflags lua5.4) \
        -I "$ROOT/Sources/CLuaSandbox/include" "$src" -o "$obj"
    fi
    OBJECTS+=("$obj")
  done
  mkdir -p "$BUILD/CLuaSandboxMap"
  printf 'module CLuaSandbox {\n  header "%s"\n  export *\n}\n' "$ROOT/Sources/CLuaSandbox/include/lua_sandbox.h" \
    > "$BUILD/CLuaSandboxMap/module.modulemap"
  INCLUDES+=(-I "$BUILD/CLuaSandboxMap")
}

# The other C targets (CSHA256 for Domain; CProj, the forwarders to the PROJ it loads, for
# Geometry; CGDAL, the same for GDAL, for VectorFormats; CLibraryLoading, what those two share),
# compiled the same way, each with a module map for its header.
build_c_target() {
  local name="$1" header="$2" obj src
  for src in "$ROOT/Sources/$name/"*.c; do
    obj="$BUILD/$name-$(basename "$src" .c).o"
    if [[ ! -f "$obj" ]] || [[ -n "$(find "$ROOT/Sources/$name" -newer "$obj" -type f)" ]]; then
      "$CLANG" -c -O1 -g -fsanitize=fuzzer-no-link,address -I "$ROOT/Sources/$name/include" \
        -I "$ROOT/Sources/CLibraryLoading/include" "$src" -o "$obj"
    fi
    OBJECTS+=("$obj")
  done
  mkdir -p "$BUILD/${name}Map"
  printf 'module %s {\n  header "%s"\n  export *\n}\n' "$name" "$ROOT/Sources/$name/include/$header" > "$BUILD/${name}Map/module.modulemap"
  INCLUDES+=(-I "$BUILD/${name}Map")
}

# One object and one .swiftmodule per module, rebuilt when a source is newer than the object, or
# an object before it in MODULES (the modules it may import) is: an object compiled against an
# older Domain.swiftmodule must not be linked with a newer Domain.o.
OBJECTS=()
build_module() {
  local m="$1" obj="$BUILD/$1.o"
  local sources=("$ROOT/Sources/$m"/*.swift)
  local stale=0
  [[ -f "$obj" ]] || stale=1
  for s in "${sources[@]}" "${OBJECTS[@]}"; do [[ "$s" -nt "$obj" ]] && stale=1; done
  if [[ $stale == 1 ]]; then
    echo "fuzz.sh: compiling $m" >&2
    "$SWIFTC" -swift-version 6 -O -g -parse-as-library -wmo -module-name "$m" "${SAN[@]}" \
      "${INCLUDES[@]}" "${CFLAGS[@]}" -emit-module -emit-module-path "$BUILD/$m.swiftmodule" \
      -c "${sources[@]}" -o "$obj"
  fi
  OBJECTS+=("$obj")
}

[[ "$MODULES" == *Rules* ]] && build_lua_sandbox
build_c_target CSHA256 csha256.h
[[ "$MODULES" == *Geometry* ]] && build_c_target CLibraryLoading CLibraryLoading.h
[[ "$MODULES" == *Geometry* ]] && build_c_target CProj CProj.h
[[ "$MODULES" == *VectorFormats* ]] && build_c_target CGDAL CGDAL.h
for m in $MODULES; do build_module "$m"; done
EXE="$BUILD/fuzz-$TARGET"
echo "fuzz.sh: linking $EXE" >&2
"$SWIFTC" -swift-version 6 -O -g -parse-as-library -module-name "$HARNESS" "${SAN[@]}" "${INCLUDES[@]}" "${CFLAGS[@]}" \
  "$ROOT/Tests/Fuzz/$HARNESS.swift" "${OBJECTS[@]}" "${LIBS[@]}" -o "$EXE" 2> >(grep -v 'Cannot export local symbol' >&2)
[[ "$SECONDS_TO_RUN" == build ]] && exit 0

# Seeds: the peer corpus and the project's own files, each in the harness's input layout.
SEEDS="$WORK/seeds-$TARGET"; CORPUS="$WORK/corpus-$TARGET"; mkdir -p "$SEEDS" "$CORPUS"
python3 "$ROOT/Tests/Fuzz/make_seeds.py" "$TARGET" "$ROOT" "$SEEDS"

STAMP="$(date +%Y%m%d-%H%M%S)"
ARTIFACTS="$WORK/artifacts-$TARGET-$STAMP/"; mkdir -p "$ARTIFACTS"   # this run's finds only
LOG="$WORK/log-$TARGET-$STAMP.txt"
set +e
# detect_leaks: a leaked GEOS geometry or Lua state is a defect too.
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}" \
"$EXE" "$CORPUS" "$SEEDS" -max_total_time="$SECONDS_TO_RUN" -workers=1 -timeout=10 \
  -rss_limit_mb=2048 -max_len="$MAX_LEN" -print_final_stats=1 -artifact_prefix="$ARTIFACTS" 2>&1 | tee "$LOG" | grep -E '^#[0-9]+.*(pulse|DONE)|ERROR|SUMMARY|stat::|Done' >&2
STATUS=${PIPESTATUS[0]}
set -e

# Keep every input that failed as a regression fixture.
DEST="$ROOT/Tests/Fixtures/fuzz-regressions/$TARGET"
found=0
for f in "$ARTIFACTS"crash-* "$ARTIFACTS"timeout-* "$ARTIFACTS"oom-* "$ARTIFACTS"leak-*; do
  [[ -f "$f" ]] || continue
  mkdir -p "$DEST"; cp -n "$f" "$DEST/"; found=$((found + 1))
done
echo "fuzz.sh: $TARGET ran up to ${SECONDS_TO_RUN}s, exit $STATUS; $found new failing input(s) copied to $DEST; log $LOG" >&2
grep -E '^Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' "$LOG" >&2 || true
exit "$STATUS"
