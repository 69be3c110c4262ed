#!/bin/sh
# Installs the server tarball the way an operator does, in a temporary root, and runs it:
#   sh installer/src/test/server-install-test.sh <familiar-server-VERSION.tar.gz> [log folder]
# 1. unpacks it with `tar -xzf ... --strip-components=1` into <tmp>/opt/familiar and checks what it holds: the jar,
#    the launcher, the JVM options, the sample configuration, the systemd unit (hardened), the Prometheus files, and
#    migrations/ byte for byte against the Flyway scripts inside the jar (both ways: none missing, none extra); with
#    promtool installed, the alert rules are checked and their unit tests (src/test/prometheus) run on the shipped file;
# 2. writes conf/familiar.env (a free port on 127.0.0.1, a temporary data folder and class-data sharing folder, the
#    first administrator) and starts bin/familiar-server with no FAMILIAR_* variable from the caller's environment,
#    so the launcher's own reading of conf/familiar.env is what configures the server;
# 3. waits up to 90 s for GET /health/ready to answer 200 with "status":"UP", signs in as the administrator of the
#    env file, and checks /metrics has every metric the shipped alert rules use;
# 4. sends SIGTERM and expects the server to exit cleanly (143 or 0) within 40 s.
# The server's log is kept in the log folder (default installer/target/install-test/). Whatever happens, a trap
# stops the server and removes the temporary root. Needs: a JDK/JRE 17+ (java on the PATH or JAVA_HOME), tar, curl.
set -eu

here=$(cd -- "$(dirname -- "$0")" && pwd -P)
fail() {
    echo "server-install-test: FAIL: $*" >&2
    exit 1
}
say() {
    echo "server-install-test: $*"
}

[ $# -ge 1 ] || fail "usage: $0 <familiar-server-VERSION.tar.gz> [log folder]"
tarball=$1
[ -r "$tarball" ] || fail "cannot read the tarball $tarball"
logs=${2:-$here/../../target/install-test}
mkdir -p -- "$logs"
logs=$(cd -- "$logs" && pwd -P)
log=$logs/server.log
: >"$log"
command -v curl >/dev/null 2>&1 || fail "curl is needed"

work=$(mktemp -d "${TMPDIR:-/tmp}/familiar-install-test.XXXXXX")
pid=
cleanup() {
    rc=$?
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 20 ]; do
            sleep 1
            i=$((i + 1))
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf -- "$work"
    if [ $rc -ne 0 ]; then
        echo "server-install-test: the server's log: $log" >&2
        tail -n 40 "$log" >&2 2>/dev/null || true
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 1. unpack as an operator would, and look at what came out ---------------------------------------------------
top=$(tar -tzf "$tarball" | cut -d/ -f1 | sort -u)
[ "$(printf '%s\n' "$top" | wc -l)" -eq 1 ] || fail "the tarball has more than one top-level entry: $top"
case $top in familiar-server-*) ;; *) fail "the top-level folder is '$top', not familiar-server-<version>" ;; esac
home=$work/opt/familiar
mkdir -p "$home"
tar -xzf "$tarball" -C "$home" --strip-components=1
say "unpacked $(basename -- "$tarball") ($top) into $home"

for f in lib/familiar-server.jar conf/jvm.options conf/familiar.env.sample systemd/familiar-server.service \
    conf/prometheus/familiar.scrape.yml conf/prometheus/familiar.rules.yml README.txt OPERATIONS.md; do
    [ -s "$home/$f" ] || fail "$f is missing or empty"
done
[ -x "$home/bin/familiar-server" ] || fail "bin/familiar-server is missing or not executable"

unit=$home/systemd/familiar-server.service
for setting in 'User=familiar' 'NoNewPrivileges=true' 'ProtectSystem=strict' 'ProtectHome=true' 'PrivateTmp=true' \
    'StateDirectory=familiar' 'KillSignal=SIGTERM' 'SuccessExitStatus=143' 'RestartPreventExitStatus=2' \
    'ExecStart=/opt/familiar/bin/familiar-server' 'EnvironmentFile=-/etc/familiar/familiar.env'; do
    grep -qx "$setting" "$unit" || fail "the systemd unit lacks '$setting'"
done
if command -v systemd-analyze >/dev/null 2>&1; then
    # verify needs the ExecStart binary where the unit says: check a copy pointing into the temporary root
    sed "s#/opt/familiar/#$home/#g" "$unit" >"$work/familiar-server.service"
    if ! systemd-analyze verify "$work/familiar-server.service" >"$work/verify.txt" 2>&1; then
        cat "$work/verify.txt" >&2
        fail "systemd-analyze verify refuses the unit"
    fi
    say "systemd-analyze verify: the unit is valid"
else
    say "systemd-analyze not installed (Debian: systemd): the unit's syntax was not verified"
fi

if command -v promtool >/dev/null 2>&1; then
    promtool check rules "$home/conf/prometheus/familiar.rules.yml" >"$work/promtool.txt" 2>&1 || {
        cat "$work/promtool.txt" >&2
        fail "promtool check rules refuses conf/prometheus/familiar.rules.yml"
    }
    # the rules' unit tests (installer/src/test/prometheus), run against the shipped file
    sed "s#^  - .*familiar.rules.yml\$#  - $home/conf/prometheus/familiar.rules.yml#" "$here/prometheus/familiar.rules.test.yml" \
        >"$work/familiar.rules.test.yml"
    promtool test rules "$work/familiar.rules.test.yml" >"$work/promtool.txt" 2>&1 || {
        cat "$work/promtool.txt" >&2
        fail "the alert rules' unit tests fail (installer/src/test/prometheus/familiar.rules.test.yml)"
    }
    say "promtool: the alert rules are valid and pass their unit tests"
else
    say "promtool not installed (Debian: prometheus): the alert rules were not checked"
fi

# migrations/ must be exactly the Flyway scripts the jar runs (db/migration/{common,h2,postgresql}/*.sql)
for vendor in common h2 postgresql; do
    ls "$home/migrations/$vendor"/V*__*.sql >/dev/null 2>&1 || fail "migrations/$vendor holds no V*__*.sql"
done
mkdir "$work/jar"
if command -v unzip >/dev/null 2>&1; then
    unzip -q "$home/lib/familiar-server.jar" 'db/migration/*' -d "$work/jar"
else
    (cd "$work/jar" && jar xf "$home/lib/familiar-server.jar" db/migration)
fi
(cd "$work/jar/db/migration" && find . -name '*.sql' | sort) >"$work/in-jar.txt"
(cd "$home/migrations" && find . -type f | sort) >"$work/in-tarball.txt"
diff "$work/in-jar.txt" "$work/in-tarball.txt" >"$work/migrations.diff" || {
    cat "$work/migrations.diff" >&2
    fail "migrations/ does not list the same scripts as the jar's db/migration (< jar, > tarball)"
}
while IFS= read -r f; do
    cmp -s "$work/jar/db/migration/$f" "$home/migrations/$f" || fail "migrations/$f differs from the jar's"
done <"$work/in-jar.txt"
say "migrations/: $(wc -l <"$work/in-jar.txt") scripts, identical to the jar's"

# --- 2. configure through conf/familiar.env and start ------------------------------------------------------------
port=
attempt=0
while [ -z "$port" ] && [ $attempt -lt 50 ]; do
    candidate=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
    if ! (ss -Htln 2>/dev/null || netstat -tln 2>/dev/null) | grep -q "[:.]$candidate[[:space:]]"; then
        port=$candidate
    fi
    attempt=$((attempt + 1))
done
[ -n "$port" ] || fail "found no free port"
admin_user=install-admin
admin_password=install-test-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
cat >"$home/conf/familiar.env" <<ENV
# written by server-install-test.sh
FAMILIAR_HTTP_HOST=127.0.0.1
FAMILIAR_HTTP_PORT=$port
FAMILIAR_DATA_DIR=$work/data
FAMILIAR_CDS_DIR=$work/cds
FAMILIAR_ADMIN_USERNAME=$admin_user
FAMILIAR_ADMIN_PASSWORD="$admin_password"
ENV
chmod 0600 "$home/conf/familiar.env"
[ -r /etc/familiar/familiar.env ] && say "note: /etc/familiar/familiar.env exists on this machine; the launcher reads it first"

# the caller's FAMILIAR_* variables would win over the file: start without them
unset_args=
for name in $(env | sed -n 's/^\(FAMILIAR_[A-Za-z0-9_]*\)=.*/\1/p'); do
    unset_args="$unset_args -u $name"
done
started=$(date +%s)
# shellcheck disable=SC2086 # one word per -u NAME
env $unset_args "$home/bin/familiar-server" >"$log" 2>&1 &
pid=$!
say "started bin/familiar-server (pid $pid) on 127.0.0.1:$port, log $log"

# --- 3. ready, signed in, metrics ---------------------------------------------------------------------------------
base=http://127.0.0.1:$port
status=
while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid" && rc=0 || rc=$?
        pid=
        fail "the server exited with $rc before it was ready"
    fi
    status=$(curl -s -o "$work/ready.json" -w '%{http_code}' --max-time 5 "$base/health/ready" 2>/dev/null) || status=
    [ "$status" = 200 ] && break
    [ $(($(date +%s) - started)) -lt 90 ] || fail "/health/ready did not answer 200 within 90 s (last: ${status:-no answer})"
    sleep 1
done
ready_after=$(($(date +%s) - started))
body=$(cat "$work/ready.json")
case $body in
    '{"status":"UP",'*) ;;
    *) fail "/health/ready answered 200 but not UP: $body" ;;
esac
echo "$body" | grep -q '"database":{"status":"UP","detail":"h2"}' || fail "the database check is not h2 UP: $body"
say "/health/ready 200 UP after ${ready_after} s: $body"

login=$(curl -s -w '\n%{http_code}' --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"username\":\"$admin_user\",\"password\":\"$admin_password\"}" "$base/api/v1/auth/login")
[ "$(echo "$login" | tail -n 1)" = 200 ] || fail "the administrator of conf/familiar.env cannot sign in: $login"
echo "$login" | head -n 1 | grep -q '"token":"' || fail "the sign-in answered no token: $login"
echo "$login" | head -n 1 | grep -q '"ADMIN"' || fail "the signed-in user is not an ADMIN: $login"
say "signed in as $admin_user (from conf/familiar.env)"

curl -s --max-time 10 -o "$work/metrics.txt" "$base/metrics" || fail "GET /metrics failed"
grep -Eq '^familiar_readiness\{[^}]*status="UP"[^}]*\} 1(\.0)?$' "$work/metrics.txt" || fail "/metrics lacks familiar_readiness UP 1"
# every metric the shipped alert rules name must exist (histograms: their _bucket series)
# (names after a ':' are parts of recording-rule names, not metrics)
for metric in $(grep -Eo '(^|[^:a-z0-9_])(familiar|http_server|jvm|process)_[a-z0-9_]+' \
    "$home/conf/prometheus/familiar.rules.yml" | sed 's/^[^a-z]//' | sort -u); do
    grep -q "^$metric[{ ]" "$work/metrics.txt" || fail "the alert rules use $metric, which /metrics does not expose"
done
say "/metrics exposes every metric conf/prometheus/familiar.rules.yml uses"

# --- 4. SIGTERM: drain and exit cleanly ---------------------------------------------------------------------------
kill -TERM "$pid"
stop_started=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
    [ $(($(date +%s) - stop_started)) -lt 40 ] || fail "the server did not stop within 40 s of SIGTERM"
    sleep 1
done
wait "$pid" && rc=0 || rc=$?
pid=
case $rc in
    0 | 143) ;;
    *) fail "the server exited with $rc after SIGTERM (expected 143 or 0)" ;;
esac
grep -q '"level":"ERROR"' "$log" && fail "the server logged an ERROR"
say "SIGTERM: exited with $rc after $(($(date +%s) - stop_started)) s"
say "ok"
