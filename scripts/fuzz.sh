#!/usr/bin/env bash
# Builds and runs one libFuzzer target of fuzz/ (see fuzz/README.md).
#
#   scripts/fuzz.sh TARGET SECONDS [LIBFUZZER-ARGS...]
#
# TARGET is linter or framer. SECONDS is passed as -max_total_time; 0 only builds.
# The binary is .build/fuzz/TARGET; the checked-in seeds (fuzz/TARGET/seeds) are copied into
# the work corpus .build/fuzz/corpus-TARGET, which grows across runs; crashes, timeouts and
# out-of-memory inputs go to .build/fuzz/artifacts-TARGET/ and make the script exit 1.
# The log of the run is .build/fuzz/TARGET-YYYYmmdd-HHMMSS.log.
#
# Environment:
#   TRELLIS_FUZZ_SOURCES  the tree whose Sources/ are compiled (default: this checkout), e.g.
#                         an export of an older commit to compare against
#   TRELLIS_FUZZ_OUT      where the binary, corpus, artifacts and logs go (default .build/fuzz)
#   TRELLIS_FUZZ_STRICT   extra checks the targets make fatal (see fuzz/README.md)
#   TRELLIS_FUZZ_STACK_KB run with `ulimit -s` set to this (default: 1024 for linter, the
#                         shell's limit for framer)
#   SWIFTC                the compiler (default: swiftc on PATH, else /opt/swift/usr/bin/swiftc)
set -uo pipefail

usage() { echo "usage: $0 linter|framer SECONDS [LIBFUZZER-ARGS...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1; seconds=$2; shift 2
case "$seconds" in ''|*[!0-9]*) usage ;; esac

root=$(cd "$(dirname "$0")/.." && pwd)
src=${TRELLIS_FUZZ_SOURCES:-$root}
out=${TRELLIS_FUZZ_OUT:-$root/.build/fuzz}
swiftc=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}

case "$target" in
linter)
    sources=("$src"/Sources/TrellisLanguage/*.swift)
    max_len=65536                       # deep-nesting inputs need room
    extra=(-dict="$root/fuzz/linter/dialogue.dict" -timeout=30)
    # A 1 MiB stack: within max_len, unbounded recursion on nesting then overflows for
    # every shape (on 8 MiB under ASan, nested 'if' blocks need over 1 MB of input).
    stack_kb=${TRELLIS_FUZZ_STACK_KB:-1024}
    ;;
framer)
    sources=("$src/Sources/TrellisChat/LineFramer.swift")
    max_len=4096
    extra=(-timeout=10)
    stack_kb=${TRELLIS_FUZZ_STACK_KB:-}
    ;;
*) usage ;;
esac
[ -e "${sources[0]}" ] || { echo "fuzz.sh: no sources at ${sources[0]}" >&2; exit 2; }

mkdir -p "$out"
binary=$out/$target
snapshot=$out/src-$target

# Others may be editing Sources/ while this runs, so compile a copy, and try again a few
# times if the copy was taken half way through an edit. Module imports between Trellis
# modules are removed, since the needed sources are compiled as one module here.
build() {
    rm -rf "$snapshot" && mkdir -p "$snapshot"
    cp "${sources[@]}" "$snapshot/"
    sed -i -E '/^(@_implementationOnly )?import Trellis[A-Za-z]*$/d' "$snapshot"/*.swift
    "$swiftc" -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 \
        -module-name "Fuzz_$target" "$root/fuzz/$target/main.swift" "$snapshot"/*.swift -o "$binary" 2>&1 |
        grep -v "Cannot export local symbol"   # ld.gold's noise for the ASan runtime
    return "${PIPESTATUS[0]}"
}
echo "fuzz.sh: building $binary from $src"
ok=0
for attempt in 1 2 3; do
    if build; then ok=1; break; fi
    echo "fuzz.sh: build failed (attempt $attempt); retrying in 20 s in case Sources/ was mid-edit" >&2
    sleep 20
done
[ $ok = 1 ] || { echo "fuzz.sh: build failed" >&2; exit 2; }
[ "$seconds" -gt 0 ] || { echo "fuzz.sh: built $binary"; exit 0; }

corpus=$out/corpus-$target
artifacts=$out/artifacts-$target
mkdir -p "$corpus" "$artifacts"
cp -n "$root/fuzz/$target/seeds/"* "$corpus/" 2>/dev/null || true
before=$(ls "$artifacts")
log=$out/$target-$(date +%Y%m%d-%H%M%S).log

[ -n "$stack_kb" ] && ulimit -s "$stack_kb"
echo "fuzz.sh: running $target for $seconds s (stack limit $(ulimit -s) KiB); log $log"
# SWIFT_BACKTRACE=enable=no: the Swift runtime's own crash handler would otherwise take the
# signal before libFuzzer, and wait for its backtracer instead of saving the input.
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:handle_abort=1} \
    "$binary" "$corpus" -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${extra[@]}" "$@" > "$log" 2>&1
status=$?

grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1
grep -E '^(stat::|Done [0-9]+ runs)' "$log"
echo "fuzz.sh: corpus $corpus: $(ls "$corpus" | wc -l) files, $(du -sk "$corpus" | cut -f1) KiB"
found=$(comm -13 <(printf '%s\n' "$before" | sort) <(ls "$artifacts" | sort) | grep -v '^$')
if [ -n "$found" ] || [ $status -ne 0 ]; then
    grep -E '^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*invariant failed)' "$log" | head -5
    for f in $found; do echo "fuzz.sh: found: $artifacts/$f"; done
    echo "fuzz.sh: libFuzzer exited with $status; see $log" >&2
    exit 1
fi
echo "fuzz.sh: no crash in $seconds s"
