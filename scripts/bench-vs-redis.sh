#!/usr/bin/env bash
# Trellis beside Redis under the same closed-loop load: `trellis-bench load` drives a
# `trellis serve` (answers durable: every answer committed before the next question) and a
# Redis with `appendonly yes, appendfsync always`, at the same concurrency, interleaved, and
# prints a markdown table of the medians with the ratio trellis / Redis SET.
#
# Usage: scripts/bench-vs-redis.sh [--connections "1 50 1000"] [--rounds 3] [--duration 3]
#                                  [--warmup 1] [--dialogue site-setup] [--cross-check] [--no-build]
#   --connections LIST  connection counts, one set of rounds each (default "1 50 1000")
#   --rounds R          interleaved rounds per count: trellis, redis-set, redis-ping (default 3)
#   --duration S        timed seconds per run, after sign-in and warm-up (default 3)
#   --warmup S          seconds played before each timed window (default 1)
#   --dialogue ID       the dialogue the trellis connections play (default site-setup)
#   --cross-check       also run `redis-benchmark -t ping,set -c 50 -n 200000 -P 1` against the
#                       same Redis and print its figures, beside trellis-bench's at 50 connections
#   --no-build          use the release binaries already in .build/release
#   Env: BENCH_KEEP=1 keeps the temporary folder (stores, logs, every run's JSON).
#
# It installs redis-server (and redis-tools, for redis-benchmark and redis-cli) from the
# distribution's packages when they are missing, builds the release binaries, and starts on
# loopback, each in its own temporary folder: `trellis serve` on a free port with a fresh store,
# a site made by `trellis site create` (its shared code read from the output), and one Redis
# (`--save ''`, AOF always; PING does not touch the AOF, so PING runs against the same one).
# Every process it starts is stopped on exit. Needs bash and python3 (standard library only,
# for the medians). The default run takes about 2 to 3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS="1 50 1000"
ROUNDS=3
DURATION=3
WARMUP=1
DIALOGUE=site-setup
CROSS_CHECK=0
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --connections) CONNECTIONS=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --dialogue) DIALOGUE=$2; shift 2 ;;
        --cross-check) CROSS_CHECK=1; shift ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-vs-redis: unknown option $1" >&2; exit 2 ;;
    esac
done

say() { echo "bench-vs-redis: $*" >&2; }

if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null || ! command -v redis-cli >/dev/null; then
    say "installing redis-server and redis-tools from the distribution's packages"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update
    $SUDO apt-get install -y redis-server redis-tools
fi

if [ "$BUILD" = 1 ]; then
    say "building release binaries"
    # One --product per call: given two, swift build builds only the last.
    swift build -c release --product trellis >&2
    swift build -c release --product trellis-bench >&2
fi
TRELLIS=.build/release/trellis
BENCH=.build/release/trellis-bench

# 1,000 connections need more descriptors than the usual soft limit of 1,024 (the server raises its own).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-vs-redis.XXXXXX")
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ "${BENCH_KEEP:-0}" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nothing listens on (bash's /dev/tcp fails to connect).
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
}

# trellis serve, fresh store, one site.
mkdir -p "$WORK/trellis"
CODE=$("$TRELLIS" site create bench --name "Bench site" --data "$WORK/trellis" | sed -n 's/^Access code: //p')
[ -n "$CODE" ] || { say "trellis site create printed no access code"; exit 1; }
"$TRELLIS" serve --port 0 --data "$WORK/trellis" --dialogues dialogues --max-clients 2048 --log-level warn \
    >"$WORK/trellis.out" 2>"$WORK/trellis.log" &
TRELLIS_PID=$!
PIDS+=("$TRELLIS_PID")
for _ in $(seq 100); do grep -q "listening on" "$WORK/trellis.out" 2>/dev/null && break; sleep 0.1; done
TRELLIS_PORT=$(sed -n 's/.*listening on .*:\([0-9]*\)$/\1/p' "$WORK/trellis.out" | head -1)
[ -n "$TRELLIS_PORT" ] || { say "trellis serve did not start: $(cat "$WORK/trellis.log")"; exit 1; }

# Redis, AOF with an fsync per write, no snapshots.
mkdir -p "$WORK/redis"
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --appendonly yes --appendfsync always \
    --save '' --maxclients 10000 --daemonize no --logfile "$WORK/redis.log" &
REDIS_PID=$!
PIDS+=("$REDIS_PID")
for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$REDIS_PORT" ping >/dev/null || { say "redis-server did not start: $(cat "$WORK/redis.log")"; exit 1; }
say "trellis serve on port $TRELLIS_PORT (pid $TRELLIS_PID), redis-server on port $REDIS_PORT (pid $REDIS_PID, $(redis-server --version | cut -d' ' -f3))"

RESULTS="$WORK/results.jsonl"
: >"$RESULTS"
for connections in $CONNECTIONS; do
    for round in $(seq "$ROUNDS"); do
        for mode in trellis redis-set redis-ping; do
            if [ "$mode" = trellis ]; then
                target=(--port "$TRELLIS_PORT" --server-pid "$TRELLIS_PID" --site bench --code "$CODE" --dialogue "$DIALOGUE")
            else
                target=(--port "$REDIS_PORT" --server-pid "$REDIS_PID")
            fi
            say "$mode, $connections connection(s), round $round"
            "$BENCH" load --mode "$mode" "${target[@]}" --connections "$connections" --duration "$DURATION" \
                --warmup "$WARMUP" --json --label "$mode/$connections/$round" >>"$RESULTS" || true
        done
    done
done

if [ "$CROSS_CHECK" = 1 ]; then
    say "cross-check: redis-benchmark -t ping,set -c 50 -n 200000 -P 1"
    redis-benchmark -p "$REDIS_PORT" -t ping,set -c 50 -n 200000 -P 1 -q >"$WORK/redis-benchmark.txt" 2>&1 || true
fi

python3 - "$RESULTS" "$ROUNDS" "$DURATION" "$WARMUP" "$DIALOGUE" <<'PY'
import json, statistics, sys
path, rounds, duration, warmup, dialogue = sys.argv[1:6]
runs = [json.loads(line) for line in open(path) if line.strip()]
counts = []
for run in runs:
    if run["connections"] not in counts: counts.append(run["connections"])

def med(mode, connections, get):
    values = [get(r) for r in runs if r["mode"] == mode and r["connections"] == connections]
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None

def total(mode, connections, get):
    return sum(get(r) for r in runs if r["mode"] == mode and r["connections"] == connections)

figures = [
    ("turns/s", lambda r: r["turns_per_s"], med, "{:,.0f}"),
    ("p50 µs", lambda r: r["latency_us"]["p50"], med, "{:,.0f}"),
    ("p99 µs", lambda r: r["latency_us"]["p99"], med, "{:,.0f}"),
    ("p99.9 µs", lambda r: r["latency_us"]["p999"], med, "{:,.0f}"),
    ("errors (all rounds)", lambda r: r["errors"], total, "{:,.0f}"),
    ("server CPU µs/turn", lambda r: r["server_cpu_us_per_turn"], med, "{:,.1f}"),
    ("client CPU µs/turn", lambda r: r["client_cpu_us_per_turn"], med, "{:,.1f}"),
]
print(f"Medians of {rounds} interleaved rounds of {duration} s (after {warmup} s of warm-up); trellis plays {dialogue}.")
print()
print("| connections | figure | trellis | Redis SET, AOF always | trellis / SET | Redis PING |")
print("|---|---|---|---|---|---|")
for c in counts:
    for name, get, how, fmt in figures:
        t, s, p = (how(m, c, get) for m in ("trellis", "redis-set", "redis-ping"))
        show = lambda v: "–" if v is None else fmt.format(v)
        ratio = "–" if t is None or not s else f"{t / s:.2f}"
        print(f"| {c:,} | {name} | {show(t)} | {show(s)} | {ratio} | {show(p)} |")
signins = [r["sign_in_us"] for r in runs if r["mode"] == "trellis"]
for c in counts:
    rows = [r["sign_in_us"] for r in runs if r["mode"] == "trellis" and r["connections"] == c]
    if rows:
        print(f"\nSign-in at {c:,} connection(s), median of rounds: p50 {statistics.median(x['p50'] for x in rows):,.0f} µs, "
              f"p99 {statistics.median(x['p99'] for x in rows):,.0f} µs", end="")
print()
PY

if [ "$CROSS_CHECK" = 1 ]; then
    echo
    echo "redis-benchmark -t ping,set -c 50 -n 200000 -P 1 (same Redis):"
    tr '\r' '\n' <"$WORK/redis-benchmark.txt" | grep -E "requests per second" | sed 's/^ *//'
fi
