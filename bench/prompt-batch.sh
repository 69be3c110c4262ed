#!/usr/bin/env bash
# The Prompt Lab figures (see bench/README.md, "Prompt Lab"): a 100-row data set run as a batch against a stand-in
# OpenAI-compatible provider (rows/s, and the time per row beyond the provider's own), and the invoke overhead
# (POST /api/v1/functions/{name}/invoke against POST /api/v1/tokens/consume on the echo provider; goal <= 1.2x).
# The server runs in the bench's JVM on an H2 file. Writes its section of docs/PERFORMANCE.md between the
# prompt-lab-bench markers (bench/run.sh keeps that section).
#
# Environment (all optional): BENCH_PROMPT_ROWS=100  BENCH_PROMPT_ROUNDS=3  BENCH_PROVIDER_DELAY_MS=20
#   BENCH_INVOKE_WARMUP=2000  BENCH_INVOKE_SAMPLES=3000  BENCH_SKIP_BUILD=1
#   BENCH_STATE_DIR=/tmp/familiar-prompt-bench  BENCH_REPORT=docs/PERFORMANCE.md
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
ROWS=${BENCH_PROMPT_ROWS:-100}
ROUNDS=${BENCH_PROMPT_ROUNDS:-3}
DELAY=${BENCH_PROVIDER_DELAY_MS:-20}
WARMUP=${BENCH_INVOKE_WARMUP:-2000}
SAMPLES=${BENCH_INVOKE_SAMPLES:-3000}
STATE_DIR=${BENCH_STATE_DIR:-/tmp/familiar-prompt-bench}
REPORT=${BENCH_REPORT:-docs/PERFORMANCE.md}
JAR=$ROOT/quota-server/target/familiar-server.jar
log() { printf '[prompt-batch-bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
rm -rf "$STATE_DIR"
mkdir -p "$STATE_DIR"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 || ! -f "$JAR" ]]; then
    log "building the server jar"
    ./mvnw -B -q -o -pl quota-server -am -DskipTests package
fi

log "batch of $ROWS rows x $ROUNDS rounds (provider delay $DELAY ms), then invoke vs consume ($SAMPLES samples each)"
FAMILIAR_LOG_LEVEL=WARN java -Drows="$ROWS" -Drounds="$ROUNDS" -DproviderDelayMs="$DELAY" -Dwarmup="$WARMUP" \
    -Dsamples="$SAMPLES" -cp "$JAR" "$ROOT/bench/PromptBatchBench.java" "$STATE_DIR/result.json" \
    >"$STATE_DIR/bench.log" 2>&1 || { tail -n 40 "$STATE_DIR/bench.log"; exit 1; }
grep '^\[prompt-batch-bench\]' "$STATE_DIR/bench.log" || true

[[ $REPORT == /* ]] || REPORT=$ROOT/$REPORT
python3 - "$STATE_DIR/result.json" "$REPORT" "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- quota-server shared-model || echo ' (uncommitted changes)')" \
    "$(nproc)" "$(java -version 2>&1 | head -n 1)" <<'PY'
import json, os, statistics, sys
result_path, report, commit, cpus, java = sys.argv[1:6]
r = json.load(open(result_path))
b = r["batch"]
inv = r["invoke"]
med = lambda key: statistics.median(x[key] for x in b)
out = ["<!-- prompt-lab-bench:start -->", "## Prompt Lab (`bench/prompt-batch.sh`)", "",
       "Commit `%s`, %s CPUs, %s. The server runs in the bench's JVM on an H2 file, one request at a time over loopback "
       "HTTP; the per-user leaky bucket is opened wide, as in the load run." % (commit, cpus, java), "",
       "### A %d-row data set as a batch" % r["rows"], "",
       "Against a stand-in OpenAI-compatible provider in the same JVM that answers `chat.completions` with `usage` after "
       "%d ms. Time from `POST /api/admin/prompt-lab/batches` (202) to the poll (every 5 ms) that sees `COMPLETED`; the "
       "provider's own time is what the stand-in spent on its calls, delay included. One lab worker "
       "(`FAMILIAR_PROMPT_BATCH_WORKERS=1`), so rows run one after the other." % r["providerDelayMs"], "",
       "| round | batch s | provider s | rows/s | overhead per row (ms) |", "| ---: | ---: | ---: | ---: | ---: |"]
for i, x in enumerate(b):
    out.append("| %d | %.2f | %.2f | %.1f | %.1f |" % (i + 1, x["seconds"], x["providerSeconds"], x["rowsPerSecond"],
                                                    x["overheadMsPerRow"]))
out += ["", "Median: **%.1f rows/s**, **%.1f ms per row** beyond the provider's own time (rendering, the R&D ledger "
        "entry, the stored iteration and the batch's progress, each row its own transactions)." % (
            med("rowsPerSecond"), med("overheadMsPerRow")), "",
        "### Invoke overhead", "",
        "`POST /api/v1/functions/{name}/invoke` (an active `bench_echo@1` on the echo provider: schema check, render, "
        "metered like consume) against `POST /api/v1/tokens/consume` (echo), by a tenant user on the ENTERPRISE tier; "
        "%d warm-up requests, then %d timed ones of each in alternating blocks of 100; milliseconds." % (
            inv["warmup"], inv["samples"]), "",
        "| route | mean | p50 | p99 |", "| --- | ---: | ---: | ---: |",
        "| `POST /api/v1/tokens/consume` | %.3f | %.3f | %.3f |" % (inv["consumeMeanMs"], inv["consumeP50Ms"], inv["consumeP99Ms"]),
        "| `POST /api/v1/functions/{name}/invoke` | %.3f | %.3f | %.3f |" % (inv["invokeMeanMs"], inv["invokeP50Ms"], inv["invokeP99Ms"]),
        "", "Invoke / consume (means): **%.2f x** (goal <= 1.2 x: %s)." % (
            inv["ratio"], "met" if inv["ratio"] <= 1.2 else "**not met**"),
        "<!-- prompt-lab-bench:end -->"]
section = "\n".join(out)
text = open(report).read() if os.path.exists(report) else ""
start, end = "<!-- prompt-lab-bench:start -->", "<!-- prompt-lab-bench:end -->"
if start in text and end in text:
    text = text[:text.index(start)] + section + text[text.index(end) + len(end):]
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(report, "w").write(text)
print("wrote " + report)
PY
