#!/usr/bin/env bash
# JVM options for the quota server: memory (RSS under load), start time and throughput, per candidate option set.
#
# For one server jar, each candidate (a JVM + a set of options, optionally an AppCDS archive):
#   1. [CDS candidates] a training run: start, ready, 3 s of check and consume, SIGTERM (the JVM writes the
#      dynamic archive at exit: -XX:ArchiveClassesAtExit / Java 19+ -XX:+AutoCreateSharedArchive);
#   2. JVM_BENCH_STARTS (3) timed starts on an existing data folder: `java -jar` to GET /health/ready = 200, ms;
#   3. one more start under load: warm-up (check + consume, JVM_BENCH_WARMUP s each), then check and consume for
#      JVM_BENCH_DURATION s each with wrk (bench/metered.lua, -t2 -c32): req/s, p99, server CPU µs/request
#      (/proc/<pid>/stat), VmRSS sampled every 0.2 s (max), VmHWM at the end, GC count and time (jstat of the same
#      JDK, over the measured window), and for CDS candidates how many classes came from the archive.
# Writes a markdown table to JVM_BENCH_REPORT (default docs/performance/jvm-bench.md) and raw lines to
# $STATE/results.tsv. Run it under the bench lock (HELPERS.md):
#   flock /tmp/familiar-bench.lock bench/jvm/run.sh
#
# Environment (optional):
#   JVM_BENCH_JAR=/work/baseline/familiar-server.jar   JVM_BENCH_CANDIDATES="default g1-256 ..." (names below)
#   JVM_BENCH_DURATION=10  JVM_BENCH_WARMUP=5  JVM_BENCH_STARTS=3  JVM_BENCH_PORT=18490
#   JVM_BENCH_STATE=/tmp/familiar-jvm-bench (wiped)  JAVA17=java  JAVA25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
#   JVM_BENCH_OPTIONS_FILE=installer/src/dist/conf/jvm.options (the "shipped" candidate reads it)
#   JVM_BENCH_H2_CACHE_KB= (if set, every candidate uses FAMILIAR_DB_URL with ;CACHE_SIZE=<kb>)
set -Eeuo pipefail
trap 'echo "[jvm-bench] failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD

JAR=${JVM_BENCH_JAR:-/work/baseline/familiar-server.jar}
DURATION=${JVM_BENCH_DURATION:-10}
WARMUP=${JVM_BENCH_WARMUP:-5}
STARTS=${JVM_BENCH_STARTS:-3}
PORT=${JVM_BENCH_PORT:-18490}
STATE=${JVM_BENCH_STATE:-/tmp/familiar-jvm-bench}
REPORT=${JVM_BENCH_REPORT:-docs/performance/jvm-bench.md}
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OPTIONS_FILE=${JVM_BENCH_OPTIONS_FILE:-installer/src/dist/conf/jvm.options}
BASE=http://127.0.0.1:$PORT
CLK=$(getconf CLK_TCK)

# name | java | env (space-separated K=V, or -) | options (the token CDS = use/train an archive)
BOUNDS=${JVM_BENCH_BOUNDS:-"-Xms32m -Xmx128m -XX:MaxMetaspaceSize=256m -XX:ReservedCodeCacheSize=96m -Xss512k -XX:MaxDirectMemorySize=64m"}
candidate() {
    case $1 in
        default) echo "$JAVA17|-|" ;;
        default-nmt) echo "$JAVA17|-|-XX:NativeMemoryTracking=summary" ;;
        serial-bounded-nmt) echo "$JAVA17|-|-XX:+UseSerialGC $BOUNDS -XX:NativeMemoryTracking=summary" ;;
        g1-256) echo "$JAVA17|-|-XX:+UseG1GC -Xmx256m" ;;
        g1-bounded) echo "$JAVA17|-|-XX:+UseG1GC $BOUNDS" ;;
        serial-bounded) echo "$JAVA17|-|-XX:+UseSerialGC $BOUNDS" ;;
        parallel-bounded) echo "$JAVA17|-|-XX:+UseParallelGC $BOUNDS" ;;
        serial-bounded-arena2) echo "$JAVA17|MALLOC_ARENA_MAX=2|-XX:+UseSerialGC $BOUNDS" ;;
        g1-bounded-arena2) echo "$JAVA17|MALLOC_ARENA_MAX=2|-XX:+UseG1GC $BOUNDS" ;;
        default-cds) echo "$JAVA17|-|CDS" ;;
        g1-bounded-cds) echo "$JAVA17|-|-XX:+UseG1GC $BOUNDS CDS" ;;
        serial-bounded-cds) echo "$JAVA17|-|-XX:+UseSerialGC $BOUNDS CDS" ;;
        parallel-bounded-cds) echo "$JAVA17|-|-XX:+UseParallelGC $BOUNDS CDS" ;;
        shipped) echo "$JAVA17|$(shipped_env)|$(shipped_opts) CDS" ;;
        shipped-nocds) echo "$JAVA17|$(shipped_env)|$(shipped_opts)" ;;
        j25-default) echo "$JAVA25|-|" ;;
        j25-shipped) echo "$JAVA25|$(shipped_env)|$(shipped_opts)" ;;
        j25-shipped-cds) echo "$JAVA25|$(shipped_env)|$(shipped_opts) CDS" ;;
        j25-shipped-aot) echo "$JAVA25|$(shipped_env)|$(shipped_opts) AOT" ;;
        j25-shipped-coh) echo "$JAVA25|$(shipped_env)|$(shipped_opts) -XX:+UseCompactObjectHeaders" ;;
        *) echo "unknown candidate $1" >&2; return 1 ;;
    esac
}
shipped_opts() { grep -v '^[[:space:]]*\(#\|$\)' "$OPTIONS_FILE" | tr '\n' ' '; }
shipped_env() { echo "-"; } # the launcher sets no environment
CANDIDATES=${JVM_BENCH_CANDIDATES:-default g1-256 g1-bounded serial-bounded parallel-bounded default-cds serial-bounded-cds j25-default}

log() { printf '[jvm-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "$*"; exit 1; }
now_ms() { date +%s%3N; }

SERVER_PID=
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=
}
trap 'status=$?; trap - EXIT; stop_server; exit "$status"' EXIT

rm -rf "$STATE"
mkdir -p "$STATE"
cp "$JAR" "$STATE/familiar-server.jar"
RESULTS=$STATE/results.tsv
: >"$RESULTS"

# start_server <name> <java> <env> <opts...>: background, sets SERVER_PID, data folder $STATE/data
start_server() {
    local name=$1 java=$2 envs=$3
    shift 3
    local -a env_args=(FAMILIAR_HTTP_HOST=127.0.0.1 FAMILIAR_HTTP_PORT="$PORT" FAMILIAR_DATA_DIR="$STATE/data"
        FAMILIAR_ADMIN_USERNAME=bench-admin FAMILIAR_ADMIN_PASSWORD=bench-password-123 FAMILIAR_LOG_LEVEL=WARN
        FAMILIAR_ACTIVATION_TOKEN_MINUTES=60)
    [[ $envs != - && -n $envs ]] && env_args+=($envs)
    if [[ -n "${JVM_BENCH_H2_CACHE_KB:-}" ]]; then
        env_args+=("FAMILIAR_DB_URL=jdbc:h2:file:$STATE/data/familiar;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=$JVM_BENCH_H2_CACHE_KB")
    fi
    (cd "$STATE" && exec env -u FAMILIAR_DB_URL -u FAMILIAR_REDIS_URL -u FAMILIAR_CONFIG_FILE -u FAMILIAR_JAVA_OPTS \
        "${env_args[@]}" "$java" "$@" -jar "$STATE/familiar-server.jar") >>"$STATE/server-$name.log" 2>&1 &
    SERVER_PID=$!
}
wait_ready() { # -> ms waited (from the call)
    local t0=$1
    for _ in $(seq 3000); do
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready" 2>/dev/null || true)" == 200 ]]; then
            echo $(($(now_ms) - t0))
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || return 1
        sleep 0.02
    done
    return 1
}

api() { # method path token [body]
    local out code
    out=$(curl -s -w '\n%{http_code}' -X "$1" "$BASE$2" -H 'Content-Type: application/json' \
        ${3:+-H "Authorization: Bearer $3"} ${4:+-d "$4"})
    code=${out##*$'\n'}
    out=${out%$'\n'*}
    [[ $code == 2* ]] || { log "$1 $2 answered $code: $out"; return 1; }
    printf '%s\n' "$out"
}
new_org() { # admin-token name -> "orgId token"
    local org code token
    org=$(api POST /api/admin/tenants "$1" "{\"name\":\"$2\",\"planCode\":\"enterprise\"}" | jq -er .data.orgId)
    code=$(api POST /api/admin/activation-codes "$1" "{\"orgId\":\"$org\",\"domain\":\"bench.example.com\"}" |
        jq -er .data.activationCode)
    token=$(api POST /api/tokens/activate "" "{\"activationCode\":\"$code\"}" | jq -er .data.accessToken)
    printf '%s %s\n' "$org" "$token"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
gc_stat() { # java pid -> "count seconds" (young + full + concurrent cycles)
    local jstat=${1%/java}/jstat
    [[ $1 == java ]] && jstat=jstat
    "$jstat" -gc "$2" 2>/dev/null | awk 'NR == 1 {for (i = 1; i <= NF; i++) h[$i] = i}
        NR == 2 {c = $h["YGC"] + $h["FGC"] + (h["CGC"] ? $h["CGC"] : 0); printf "%d %.3f\n", c, $h["GCT"]}'
}

# wrk_run <route> <seconds> <org> <token> <tag> -> "rps p99_ms cpu_us_per_req max_rss_kb" (measured window)
wrk_run() {
    local route=$1 seconds=$2 org=$3 token=$4 tag=$5 out=$STATE/wrk-$5-$1.json
    local c0 c1 max=0 r th maxth=0
    c0=$(cpu_ticks "$SERVER_PID")
    BENCH_ROUTE=$route BENCH_ORG=$org BENCH_TOKEN=$token BENCH_RUN="$tag" BENCH_OUT=$out BENCH_THREADS=2 \
        wrk -t2 -c32 -d"${seconds}s" --timeout 5s -s "$ROOT/bench/metered.lua" "$BASE" >/dev/null 2>"$out.err" &
    local wrk_pid=$!
    while kill -0 "$wrk_pid" 2>/dev/null; do
        r=$(rss_kb "$SERVER_PID")
        ((r > max)) && max=$r
        th=$(awk '/^Threads/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
        ((th > maxth)) && maxth=$th
        sleep 0.2
    done
    wait "$wrk_pid" || true
    c1=$(cpu_ticks "$SERVER_PID")
    [[ -s $out ]] || die "wrk wrote no result for $route ($(head -c 300 "$out.err"))"
    jq -r --argjson cpu "$(((c1 - c0)))" --argjson hz "$CLK" --argjson max "$max" --argjson th "$maxth" \
        '"\(.rps|floor) \(.p99_ms) \(if .ok > 0 then ($cpu / $hz * 1e6 / .ok | floor) else 0 end) \($max) \(.ok) \(.other) \($th)"' "$out"
}

# one-time: migrate the data folder (so every candidate starts on an existing database)
log "jar $JAR; migrating a data folder"
start_server init "$JAVA17" -
wait_ready "$(now_ms)" >/dev/null || { tail -n 30 "$STATE/server-init.log"; die "the server did not start"; }
stop_server
cp -a "$STATE/data" "$STATE/data.template"

printf '%s\n' "| candidate | JVM | options | start → ready ms (each) | check req/s | check µs CPU/req | check p99 ms | consume req/s | consume µs CPU/req | consume p99 ms | max RSS MB under load | VmHWM MB | GCs / GC s (measured window) | threads (max) | classes from CDS archive |" >"$STATE/table.md"
printf '%s\n' "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |" >>"$STATE/table.md"

for name in $CANDIDATES; do
    spec=$(candidate "$name")
    java=${spec%%|*}
    rest=${spec#*|}
    envs=${rest%%|*}
    opts=${rest#*|}
    archive_opts=()
    train_opts=()
    plain=()
    for o in $opts; do
        case $o in
            CDS) ;;
            AOT) ;;
            *) plain+=("$o") ;;
        esac
    done
    if [[ " $opts " == *" CDS "* ]]; then
        arch=$STATE/$name.jsa
        if [[ $java == "$JAVA25" ]]; then
            train_opts=(-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$arch")
            archive_opts=(-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$arch")
        else
            train_opts=(-XX:ArchiveClassesAtExit="$arch")
            archive_opts=(-XX:SharedArchiveFile="$arch" -Xshare:auto)
        fi
    elif [[ " $opts " == *" AOT "* ]]; then
        arch=$STATE/$name.aot
        train_opts=(-XX:AOTCacheOutput="$arch")
        archive_opts=(-XX:AOTCache="$arch")
    fi
    rm -rf "$STATE/data" && cp -a "$STATE/data.template" "$STATE/data"
    jv=$("$java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
    log "$name: java $jv, ${envs} ${plain[*]:-} ${archive_opts[*]:-}"
    if ((${#train_opts[@]})); then
        t0=$(now_ms)
        start_server "$name-train" "$java" "$envs" "${plain[@]}" "${train_opts[@]}"
        wait_ready "$t0" >/dev/null || { tail -n 30 "$STATE/server-$name-train.log"; die "training start failed"; }
        admin=$(api POST /api/v1/auth/login "" '{"username":"bench-admin","password":"bench-password-123"}' | jq -er .token)
        read -r org token < <(new_org "$admin" "train-$name")
        wrk_run check 3 "$org" "$token" "$name-train" >/dev/null
        wrk_run consume 3 "$org" "$token" "$name-train" >/dev/null
        stop_server
        if [[ ! -s $arch ]]; then log "$name: no archive written (see $STATE/server-$name-train.log)"; fi
        log "$name: archive $(du -h "$arch" 2>/dev/null | cut -f1)"
    fi
    starts=()
    for i in $(seq "$STARTS"); do
        t0=$(now_ms)
        start_server "$name" "$java" "$envs" "${plain[@]}" "${archive_opts[@]}"
        ms=$(wait_ready "$t0") || { tail -n 30 "$STATE/server-$name.log"; die "$name did not start"; }
        starts+=("$ms")
        stop_server
    done
    log "$name: starts ${starts[*]} ms"
    # the loaded run: class loading logged to count what came from the archive
    cds_note="–"
    extra=()
    ((${#archive_opts[@]})) && extra=(-Xlog:class+load=info:file="$STATE/$name-classload.log")
    t0=$(now_ms)
    start_server "$name" "$java" "$envs" "${plain[@]}" "${archive_opts[@]}" "${extra[@]}"
    wait_ready "$t0" >/dev/null || die "$name did not start"
    admin=$(api POST /api/v1/auth/login "" '{"username":"bench-admin","password":"bench-password-123"}' | jq -er .token)
    read -r org_w token_w < <(new_org "$admin" "warm-$name")
    read -r org_m token_m < <(new_org "$admin" "meas-$name")
    wrk_run check "$WARMUP" "$org_w" "$token_w" "$name-warm" >/dev/null
    wrk_run consume "$WARMUP" "$org_w" "$token_w" "$name-warm" >/dev/null
    read -r g0 gt0 < <(gc_stat "$java" "$SERVER_PID")
    read -r c_rps c_p99 c_cpu c_rss c_ok c_other c_th < <(wrk_run check "$DURATION" "$org_m" "$token_m" "$name-meas")
    read -r k_rps k_p99 k_cpu k_rss k_ok k_other k_th < <(wrk_run consume "$DURATION" "$org_m" "$token_m" "$name-meas")
    read -r g1 gt1 < <(gc_stat "$java" "$SERVER_PID")
    hwm=$(hwm_kb "$SERVER_PID")
    if [[ -f "$STATE/$name-classload.log" ]]; then
        total=$(grep -c 'source:' "$STATE/$name-classload.log" || true)
        shared=$(grep -c 'source: shared objects file' "$STATE/$name-classload.log" || true)
        top=$(grep -c 'source: shared objects file (top)' "$STATE/$name-classload.log" || true)
        cds_note="$shared of $total ($top from the app archive)"
    fi
    if [[ " ${plain[*]:-} " == *NativeMemoryTracking* ]]; then
        "${java%/java}/jcmd" "$SERVER_PID" VM.native_memory summary >"$STATE/$name-nmt.txt" 2>&1 ||
            jcmd "$SERVER_PID" VM.native_memory summary >"$STATE/$name-nmt.txt" 2>&1 || true
        grep -E '^-|Total' "$STATE/$name-nmt.txt" | sed 's/^/[nmt] /' >&2 || true
    fi
    stop_server
    maxrss=$(((c_rss > k_rss ? c_rss : k_rss) / 1024))
    ((c_other + k_other > 0)) && log "$name: non-2xx answers: check $c_other, consume $k_other"
    optstr="${envs/#-/} ${plain[*]:-} ${archive_opts[*]:-}"
    optstr=$(echo "$optstr" | sed "s#$STATE/##g; s/^ *//; s/ *$//")
    printf '%s\t%s\t%s\t%s\t%s %s %s\t%s %s %s\t%s\t%s\t%s %s\t%s\n' "$name" "$jv" "$optstr" "${starts[*]}" \
        "$c_rps" "$c_cpu" "$c_p99" "$k_rps" "$k_cpu" "$k_p99" "$maxrss" "$((hwm / 1024))" "$((g1 - g0))" \
        "$(awk -v a="$gt0" -v b="$gt1" 'BEGIN {printf "%.2f", b - a}')" "$cds_note" >>"$RESULTS"
    printf '| %s | %s | `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s | %s |\n' "$name" "$jv" "${optstr:-(none)}" \
        "${starts[*]}" "$c_rps" "$c_cpu" "$c_p99" "$k_rps" "$k_cpu" "$k_p99" "$maxrss" "$((hwm / 1024))" "$((g1 - g0))" \
        "$(awk -v a="$gt0" -v b="$gt1" 'BEGIN {printf "%.2f", b - a}')" "$((c_th > k_th ? c_th : k_th))" "$cds_note" >>"$STATE/table.md"
    log "$name: check $c_rps req/s ${c_cpu} µs p99 $c_p99; consume $k_rps req/s ${k_cpu} µs p99 $k_p99; RSS max ${maxrss} MB, HWM $((hwm / 1024)) MB; GCs $((g1 - g0)); CDS $cds_note"
done

mkdir -p "$(dirname "$REPORT")"
{
    echo "<!-- bench/jvm/run.sh $(date -u +%Y-%m-%dT%H:%M:%SZ), jar $(basename "$JAR") ($(du -h "$JAR" | cut -f1)), $(nproc) cores, load avg $(cut -d' ' -f1-3 /proc/loadavg), wrk -t2 -c32, ${WARMUP} s warm-up + ${DURATION} s per route -->"
    cat "$STATE/table.md"
} >"$REPORT"
log "wrote $REPORT (raw: $RESULTS)"
