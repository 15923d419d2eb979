#!/usr/bin/env bash
# Instructions per answered turn of `trellis serve`, counted by valgrind's callgrind (all threads).
#
# Usage: scripts/callgrind-serve.sh [TRELLIS_BIN] [CLIENTS] [DIALOGUES_DIR]
#   TRELLIS_BIN    the trellis binary (default .build/release/trellis; build with
#                  `swift build -c release --product trellis`)
#   CLIENTS        people who sign in, one after another (default 20)
#   DIALOGUES_DIR  the dialogues folder matching that binary (default $TRELLIS_DIALOGUES, else dialogues)
#   Env: CALLGRIND_KEEP=DIR keeps the callgrind files and logs in DIR (default: a temporary folder,
#        kept and named at the end, so `callgrind_annotate DIR/full.callgrind` can be run on it).
#
# It does two runs, each with a fresh data folder, a site made by `site create` and a server under
# `valgrind --tool=callgrind` on a free port:
#   full     CLIENTS people, one at a time: connect, wait for the greeting, send /json (JSON lines from
#            then on), sign in (site, code, name), choose site-setup, answer its 14 questions, read the
#            replies up to the menu that follows `done`, close.
#   signin   the same people, stopping once site setup's first question arrives (sign-in + menu choice).
# An answered turn is one answer line sent after the dialogue was chosen, with its replies up to the
# next `ask` (or `done`). Every answer must be accepted (no `error` reply), or the script fails.
# Then the server gets SIGTERM and callgrind's totals are read from the `summary:` lines.
# Printed: both totals, turns, sign-ins, total/turns (start-up and sign-ins included) and
# (full - signin)/turns (start-up, sign-in and the menu choice subtracted).
# The load is sequential and identical each run; the only timing-dependent work is the server's
# once-a-second idle check, which is negligible. Needs valgrind and python3 (standard library only).
set -euo pipefail
BIN=$(realpath -m "${1:-.build/release/trellis}")
CLIENTS=${2:-20}
DIALOGUES=$(realpath -m "${3:-${TRELLIS_DIALOGUES:-dialogues}}")
OUT=${CALLGRIND_KEEP:-$(mktemp -d /tmp/callgrind-serve.XXXXXX)}
mkdir -p "$OUT"
[ -x "$BIN" ] || { echo "no trellis binary at $BIN" >&2; exit 2; }
[ -d "$DIALOGUES" ] || { echo "no dialogues folder at $DIALOGUES" >&2; exit 2; }

run() {  # run MODE -> prints "INSTRUCTIONS TURNS SIGNINS"
    local mode=$1 data code pid port="" i
    data=$(mktemp -d /tmp/callgrind-serve-data.XXXXXX)
    code=$("$BIN" site create demo --name "Load" --data "$data" | sed -n 's/^Access code: //p')
    rm -f "$OUT/$mode".callgrind*
    valgrind --tool=callgrind --trace-children=no --callgrind-out-file="$OUT/$mode.callgrind" \
        "$BIN" serve --port 0 --data "$data" --dialogues "$DIALOGUES" --max-clients $((CLIENTS + 10)) \
        >"$OUT/$mode.stdout" 2>"$OUT/$mode.log" &
    pid=$!
    for i in $(seq 600); do  # valgrind starts slowly: wait up to 60 s for "listening on HOST:PORT"
        port=$(sed -n 's/^trellis: listening on .*:\([0-9]*\)$/\1/p' "$OUT/$mode.stdout")
        [ -n "$port" ] && break
        kill -0 "$pid" 2>/dev/null || { echo "server died, see $OUT/$mode.log" >&2; exit 1; }
        sleep 0.1
    done
    [ -n "$port" ] || { echo "server did not listen in 60 s" >&2; kill -TERM "$pid"; exit 1; }
    local counts
    counts=$(python3 - "$port" "$code" "$CLIENTS" "$mode" <<'PY'
import json, socket, sys
port, code, clients, mode = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
# Site setup in JSON mode (the human answers of scripts/load.py): 14 answers, two partners, embedded backbone.
ANSWERS = ["SCHOOL", "Riverbend", "hybrid", "1", "Riverbend Health", "health", "Maternal health sessions",
           "yes", "City Council", "local", "", "no", "embedded", "Riverbend Health"]
turns = signins = 0
for n in range(clients):
    conn = socket.create_connection(("127.0.0.1", port), timeout=300)
    lines = conn.makefile("r", encoding="utf-8", newline="\n")
    for line in lines:                      # the human greeting ends with the site question's "(...)" hint
        if line.startswith("("): break
    else: sys.exit(f"client {n}: closed during the greeting")
    def send(obj):
        conn.sendall(((obj if isinstance(obj, str) else json.dumps(obj)) + "\n").encode())
    def until_ask():                        # reply objects up to and including the next ask
        replies = []
        for line in lines:
            if not line.startswith("{"): continue   # the human lines before /json took effect
            replies.append(json.loads(line))
            if replies[-1]["type"] == "error": sys.exit(f"client {n}: error {replies[-1]}")
            if replies[-1]["type"] == "ask": return replies
        sys.exit(f"client {n}: closed after {replies}")
    send("/json")
    ask = until_ask()[-1]
    for answer in ["demo", code, f"Person {n}"]:
        send({"answer": answer, "id": ask["id"]}); ask = until_ask()[-1]
    assert ask["id"] == "dialogue", ask
    send({"answer": "site-setup", "id": "dialogue"}); ask = until_ask()[-1]
    assert ask["id"] == "site_name", ask
    signins += 1
    if mode == "full":
        for i, answer in enumerate(ANSWERS):
            send({"answer": answer.replace("SCHOOL", f"School {n}"), "id": ask["id"]})
            replies = until_ask(); ask = replies[-1]; turns += 1
        assert any(r["type"] == "done" for r in replies) and ask["id"] == "dialogue", replies
    conn.close()
print(turns, signins)
PY
)
    kill -TERM "$pid"
    wait "$pid" || { echo "server exited with $?, see $OUT/$mode.log" >&2; exit 1; }
    rm -rf "$data"
    echo "$(cat "$OUT/$mode".callgrind* | awk '/^summary:/ {s += $2} END {printf "%d", s}') $counts"
}

result=$(run full); read -r FULL TURNS SIGNINS <<<"$result"
result=$(run signin); read -r BASE _ BASE_SIGNINS <<<"$result"
[ "$SIGNINS" = "$BASE_SIGNINS" ] || { echo "sign-ins differ: $SIGNINS vs $BASE_SIGNINS" >&2; exit 1; }
echo "binary: $BIN  dialogues: $DIALOGUES  clients: $CLIENTS (sequential, JSON mode)"
echo "full run (sign-in + site setup):     $FULL instructions, $TURNS answered turns, $SIGNINS sign-ins"
echo "baseline (sign-in + menu choice):    $BASE instructions, $BASE_SIGNINS sign-ins"
awk -v f="$FULL" -v b="$BASE" -v t="$TURNS" 'BEGIN {
    printf "instructions per answered turn, start-up and sign-in included: %.0f\n", f / t
    printf "instructions per answered turn, baseline subtracted:           %.0f\n", (f - b) / t }'
echo "callgrind files and server logs: $OUT"
