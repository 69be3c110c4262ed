#!/usr/bin/env bash
# Console cold start, measured in one run beside its baselines (issue 13):
#   minimal  - the smallest JavaFX window (bench/console/MinimalWindow.java) to shown
#   server   - the standalone server jar (fresh H2 data folder) to /health/ready = 200
#   console  - the console (fresh data folder, embedded server) to its window shown, and to "Healthy"
# Each is started BENCH_ROUNDS times (default 5), interleaved, under Xvfb; medians and ratios go into
# docs/PERFORMANCE.md between the console-start markers. Needs: xvfb-run, curl, a built reactor
# (./mvnw -B -q -DskipTests package).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${BENCH_ROUNDS:-5}
PORT=${BENCH_SERVER_PORT:-18581}
CONSOLE_JAR=$ROOT/admin-app/target/familiar-console.jar
SERVER_JAR=$ROOT/quota-server/target/familiar-server.jar
OUT=$ROOT/docs/PERFORMANCE.md
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
[[ -f $CONSOLE_JAR && -f $SERVER_JAR ]] || { echo "build first: ./mvnw -B -q -DskipTests package"; exit 1; }
command -v xvfb-run >/dev/null || { echo "needs xvfb-run (apt-get install xvfb)"; exit 1; }
JAVA=${JAVA:-java}
FX_OPTS=(-Dprism.order=sw -Djava.awt.headless=false)

now_ms() { date +%s%3N; }
"${JAVA%java}javac" -d "$WORK/classes" -cp "$CONSOLE_JAR" "$ROOT/bench/console/MinimalWindow.java" 2>/dev/null \
    || javac -d "$WORK/classes" -cp "$CONSOLE_JAR" "$ROOT/bench/console/MinimalWindow.java"

run_minimal() {
    local start out
    start=$(now_ms)
    out=$(xvfb-run -a "$JAVA" "${FX_OPTS[@]}" -cp "$CONSOLE_JAR:$WORK/classes" MinimalWindow 2>/dev/null)
    echo $(( $(grep -m1 'STARTUP window' <<<"$out" | awk '{print $3}') - start ))
}

run_server() {
    local dir=$WORK/server-$1 start pid
    mkdir -p "$dir"
    start=$(now_ms)
    FAMILIAR_DATA_DIR=$dir FAMILIAR_HTTP_PORT=$PORT FAMILIAR_HTTP_HOST=127.0.0.1 \
        "$JAVA" -jar "$SERVER_JAR" >"$dir/out.log" 2>&1 &
    pid=$!
    until curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; do
        kill -0 $pid 2>/dev/null || { cat "$dir/out.log" >&2; exit 1; }
        sleep 0.02
    done
    local ready=$(now_ms)
    kill $pid; wait $pid 2>/dev/null || true
    echo $(( ready - start ))
}

run_console() { # -> "window_ms healthy_ms"
    local dir=$WORK/console-$1 start log pid
    mkdir -p "$dir"
    log=$dir/out.log
    start=$(now_ms)
    FAMILIAR_DATA_DIR=$dir xvfb-run -a "$JAVA" "${FX_OPTS[@]}" -Dfamiliar.startup.trace=true -jar "$CONSOLE_JAR" \
        >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 1200); do
        grep -q 'STARTUP healthy' "$log" && break
        sleep 0.1
    done
    local window healthy
    window=$(grep -m1 'STARTUP window' "$log" | awk '{print $3}')
    healthy=$(grep -m1 'STARTUP healthy' "$log" | awk '{print $3}')
    pkill -TERM -P $pid 2>/dev/null || true
    kill $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    pkill -f "familiar.startup.trace=true" 2>/dev/null || true
    [[ -n $window && -n $healthy ]] || { cat "$log" >&2; exit 1; }
    echo "$(( window - start )) $(( healthy - start ))"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

: >"$WORK/minimal"; : >"$WORK/server"; : >"$WORK/window"; : >"$WORK/healthy"
for round in $(seq 1 "$ROUNDS"); do
    run_minimal >>"$WORK/minimal"
    run_server "$round" >>"$WORK/server"
    read -r w h < <(run_console "$round")
    echo "$w" >>"$WORK/window"; echo "$h" >>"$WORK/healthy"
    echo "[console-start] round $round: minimal $(tail -1 "$WORK/minimal") ms, server $(tail -1 "$WORK/server") ms, console window $w ms, healthy $h ms"
done
M=$(median <"$WORK/minimal"); S=$(median <"$WORK/server"); W=$(median <"$WORK/window"); H=$(median <"$WORK/healthy")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
verdict() { if awk -v a="$1" -v b="$2" 'BEGIN {exit !(a <= b)}'; then echo "met"; else echo "**not met**"; fi; }

SECTION=$WORK/section.md
cat >"$SECTION" <<MD
<!-- console-start:begin -->
## Console cold start (bench/console-start.sh)

Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $ROUNDS rounds interleaved, each on a fresh data folder (the
embedded server migrates a new H2 database every time: the worst case), under Xvfb with software rendering.
Times are from the \`java\` command to the event, medians of the rounds.

| what | median ms | all rounds (ms) |
| --- | ---: | --- |
| minimal JavaFX window shown | $M | $(paste -sd' ' "$WORK/minimal") |
| standalone server: start to \`/health/ready\` 200 | $S | $(paste -sd' ' "$WORK/server") |
| console: window shown and laid out | $W | $(paste -sd' ' "$WORK/window") |
| console: status bar says "Healthy" (embedded server up, signed in) | $H | $(paste -sd' ' "$WORK/healthy") |

| goal | measured | verdict |
| --- | --- | --- |
| window within 2 × the minimal window | $(ratio "$W" "$M") × | $(verdict "$W" "$((2 * M))") |
| "Healthy" within window + the server's own start ($((W + S)) ms) | $(ratio "$H" "$((W + S))") × | $(verdict "$H" "$((W + S))") |

The console shows its window before the embedded server starts (the server starts in the background; the status
bar says "Starting embedded server…"), so the window's time does not include the database migration.
<!-- console-start:end -->
MD
if grep -q '<!-- console-start:begin -->' "$OUT"; then
    python3 - "$OUT" "$SECTION" <<'PY'
import sys, re
doc = open(sys.argv[1]).read(); section = open(sys.argv[2]).read().strip()
doc = re.sub(r'<!-- console-start:begin -->.*?<!-- console-start:end -->', lambda m: section, doc, flags=re.S)
open(sys.argv[1], 'w').write(doc)
PY
else
    printf '\n%s\n' "$(cat "$SECTION")" >>"$OUT"
fi
cat "$SECTION"
