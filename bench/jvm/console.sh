#!/usr/bin/env bash
# Console cold start per JVM option set (issue 17): time from `java` to the window shown and laid out and to the
# status bar's first "Healthy" (embedded server up, signed in), under Xvfb, on an existing data folder (the first
# start of each run creates it and is not counted), JVM_CONSOLE_ROUNDS rounds per candidate, plus the console's
# VmHWM (peak RSS) after "Healthy". Candidates: none, the shipped options (admin-app/conf/jvm.options), the
# shipped options + an AppCDS archive (made by one training start, -XX:ArchiveClassesAtExit, written when
# that start is stopped with SIGTERM). Run under the bench lock:
#   flock /tmp/familiar-bench.lock bench/jvm/console.sh
# Needs xvfb-run and a built console (./mvnw -B -q -pl admin-app -am -DskipTests package).
# Environment: JVM_CONSOLE_JAR (default admin-app/target/familiar-console.jar), JVM_CONSOLE_ROUNDS=3,
#   JVM_CONSOLE_OPTIONS_FILE=admin-app/conf/jvm.options, JAVA=java, JVM_CONSOLE_REPORT (markdown table)
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
JAR=${JVM_CONSOLE_JAR:-$PWD/admin-app/target/familiar-console.jar}
ROUNDS=${JVM_CONSOLE_ROUNDS:-3}
OPTIONS_FILE=${JVM_CONSOLE_OPTIONS_FILE:-admin-app/conf/jvm.options}
JAVA=${JAVA:-java}
REPORT=${JVM_CONSOLE_REPORT:-/tmp/jvm-console.md}
WORK=$(mktemp -d /tmp/familiar-jvm-console.XXXXXX)
FX_OPTS=(-Dprism.order=sw -Dfamiliar.startup.trace=true)
TAG=familiar.jvm.console.bench.$$
now_ms() { date +%s%3N; }
log() { printf '[jvm-console %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
[[ -f $JAR ]] || { log "no $JAR: build first"; exit 1; }
command -v xvfb-run >/dev/null || { log "needs xvfb-run"; exit 1; }
shipped=()
while IFS= read -r l; do shipped+=("$l"); done < <(grep -v '^[[:space:]]*\(#\|$\)' "$OPTIONS_FILE" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')

XPID=
stop_console() {
    local jp
    jp=$(pgrep -f -- "-D$TAG=1" || true)
    [[ -n $jp ]] && kill $jp 2>/dev/null || true
    for _ in $(seq 200); do [[ -z "$(pgrep -f -- "-D$TAG=1" || true)" ]] && break; sleep 0.1; done
    jp=$(pgrep -f -- "-D$TAG=1" || true)
    [[ -n $jp ]] && kill -9 $jp 2>/dev/null || true
    [[ -n $XPID ]] && wait "$XPID" 2>/dev/null || true
    XPID=
}
trap 'stop_console; rm -rf "$WORK"' EXIT

run_console() { # name opts... -> "window_ms healthy_ms hwm_mb"
    local name=$1 log=$WORK/$1.log start jp hwm=0
    shift
    : >"$log"
    start=$(now_ms)
    FAMILIAR_DATA_DIR=$WORK/data xvfb-run -a -s "-screen 0 1280x800x24" "$JAVA" "${FX_OPTS[@]}" "-D$TAG=1" "$@" \
        -jar "$JAR" >>"$log" 2>&1 &
    XPID=$!
    for _ in $(seq 1800); do
        grep -q 'STARTUP healthy' "$log" && break
        kill -0 "$XPID" 2>/dev/null || break
        sleep 0.05
    done
    # the JVM, not the xvfb-run shell whose command line carries the same marker
    jp=
    for p in $(pgrep -f -- "-D$TAG=1" || true); do
        [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == java ]] && jp=$p
    done
    [[ -n $jp ]] && hwm=$(awk '/^VmHWM/ {printf "%d", $2 / 1024}' "/proc/$jp/status" 2>/dev/null || echo 0)
    local window healthy
    window=$(grep -m1 'STARTUP window' "$log" | awk '{print $3}')
    healthy=$(grep -m1 'STARTUP healthy' "$log" | awk '{print $3}')
    stop_console
    [[ -n $window && -n $healthy ]] || { tail -n 30 "$log" >&2; log "$name: no STARTUP lines"; exit 1; }
    echo "$((window - start)) $((healthy - start)) $hwm"
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

log "first start (creates the data folder, not counted)"
run_console init >/dev/null
log "training start for the AppCDS archive"
run_console train "${shipped[@]}" -XX:ArchiveClassesAtExit="$WORK/console.jsa" >/dev/null
ls -la "$WORK/console.jsa" >&2 || log "no archive written"

declare -A W H M
names=(none shipped shipped-cds)
for r in $(seq "$ROUNDS"); do
    for n in "${names[@]}"; do
        case $n in
            none) opts=() ;;
            shipped) opts=("${shipped[@]}") ;;
            shipped-cds) opts=("${shipped[@]}" -XX:SharedArchiveFile="$WORK/console.jsa" -Xshare:auto) ;;
        esac
        read -r w h m < <(run_console "$n" "${opts[@]}")
        W[$n]="${W[$n]:-} $w"; H[$n]="${H[$n]:-} $h"; M[$n]="${M[$n]:-} $m"
        log "round $r $n: window $w ms, healthy $h ms, VmHWM $m MB"
    done
done
# the archive really used? count the classes loaded from it in one more start
run_console verify "${shipped[@]}" -XX:SharedArchiveFile="$WORK/console.jsa" -Xshare:auto \
    -Xlog:class+load=info:file="$WORK/classload.log" >/dev/null
cds_used="$(grep -c 'shared objects file (top)' "$WORK/classload.log" || true) of $(grep -c 'source:' "$WORK/classload.log" || true) classes from the console's archive"
log "$cds_used"
{
    echo "| console options | window shown, median ms (each) | \"Healthy\", median ms (each) | VmHWM after \"Healthy\", median MB |"
    echo "| --- | --- | --- | ---: |"
    for n in "${names[@]}"; do
        printf '| %s | %s (%s) | %s (%s) | %s |\n' "$n" "$(median <<<"${W[$n]}")" "${W[$n]# }" \
            "$(median <<<"${H[$n]}")" "${H[$n]# }" "$(median <<<"${M[$n]}")"
    done
    echo
    echo "shipped options: \`${shipped[*]}\`; archive $(du -h "$WORK/console.jsa" 2>/dev/null | cut -f1), $cds_used; $(nproc) cores; $("$JAVA" -version 2>&1 | head -n 1)"
} | tee "$REPORT"
