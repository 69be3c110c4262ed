#!/usr/bin/env bash
# The install test of the native console package and the server tarball (installer/README.md, "Install test").
# The installer module runs it in the drills profile after the packages are built; by hand:
#
#   bash installer/src/test/package-install-test.sh <familiar-console_*.deb> <familiar-server-*.tar.gz> <out dir>
#
# (the first argument may be the folder holding the one .deb, e.g. installer/target/jpackage/out)
#  1. the .deb: its control data (package name, version, dependencies, the desktop entry installed by postinst) and
#     its files (/opt/familiar-console/bin/Familiar Console, the icon, the desktop entry); then it is unpacked with
#     dpkg-deb -x into a temporary root (nothing is installed on this machine) and the runtime jlink made is checked:
#     its modules, and a TLS 1.3 handshake on an EC key (jdk.crypto.ec) run by that runtime;
#  2. the tarball: installer/src/test/server-install-test.sh <tarball> when that script exists, else unpacked into a
#     temporary root, bin/familiar-server started on a free port with a temporary data folder, GET /health/ready
#     must answer 200, then it is stopped;
#  3. the packaged console, started from the unpacked .deb under Xvfb with a temporary HOME and XDG_DATA_HOME: it
#     must print "STARTUP healthy" (its embedded server answered, the status bar says Healthy), show a window whose
#     title holds "Familiar", and keep its H2 database under $XDG_DATA_HOME/familiar. The screenshot and the logs
#     stay in <out dir> (console.png, console.log, server.log, xvfb.log): the CI artefacts.
# Everything it started is stopped on exit, also on failure. Needs: dpkg-deb, Xvfb, xwininfo, import (ImageMagick),
# curl, a JDK 17+ (javac, for the TLS probe; java, for the server).
set -euo pipefail

deb=$1
if [[ -d "$deb" ]]; then
    debs=("$deb"/familiar-console_*.deb)
    [[ ${#debs[@]} -eq 1 && -f "${debs[0]}" ]] || { echo "[install-test] FAIL: not one familiar-console_*.deb in $deb" >&2; exit 1; }
    deb=${debs[0]}
fi
[[ -f "$deb" ]] || { echo "[install-test] FAIL: no .deb $deb" >&2; exit 1; }
[[ -f "$2" ]] || { echo "[install-test] FAIL: no server tarball $2" >&2; exit 1; }
deb=$(realpath -- "$deb")
tarball=$(realpath -- "$2")
out=$3
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
timeout_s=${FAMILIAR_INSTALL_TEST_TIMEOUT:-120}

log() { printf '[install-test] %s\n' "$*"; }
fail() { printf '[install-test] FAIL: %s\n' "$*" >&2; exit 1; }

missing=()
for tool in dpkg-deb Xvfb xwininfo import curl javac java; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
    fail "missing ${missing[*]}: sudo apt-get install -y dpkg-dev xvfb x11-utils imagemagick curl (and a JDK 17+)"
fi

rm -rf "$out"
mkdir -p "$out"
out=$(realpath -- "$out")
work=$(mktemp -d "${TMPDIR:-/tmp}/familiar-install-test.XXXXXX")
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        # each was started with setsid: its process group is its pid (the launcher and the JVM it starts)
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 1. the .deb --------------------------------------------------------------------------------------------------
log "deb: $(basename "$deb") ($(du -m "$deb" | cut -f1) MiB)"
field() { dpkg-deb -f "$deb" "$1"; }
[[ "$(field Package)" == familiar-console ]] || fail "Package is '$(field Package)', not familiar-console"
version=$(field Version)
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9]+)?$ ]] || fail "Version '$version' is not numeric"
# the deb's name carries the same version
[[ "$(basename "$deb")" == "familiar-console_${version}_$(field Architecture).deb" ]] || fail "file name does not match $version"
depends=$(field Depends)
for dep in libgtk-3-0 libgl1 libxtst6 libxxf86vm1 libasound2; do
    [[ "$depends" == *"$dep"* ]] || fail "Depends lacks $dep: $depends"
done
[[ -n "$(field Description)" ]] || fail "no Description"

contents=$(dpkg-deb -c "$deb")
for path in "./opt/familiar-console/bin/Familiar Console" ./opt/familiar-console/lib/app/familiar-console.jar \
        ./opt/familiar-console/lib/Familiar_Console.png \
        ./opt/familiar-console/lib/familiar-console-Familiar_Console.desktop \
        ./opt/familiar-console/lib/runtime/release; do
    grep -qF -- " $path" <<<"$contents" || fail "the deb has no $path"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./postinst \
    | grep -q 'xdg-desktop-menu install /opt/familiar-console/lib/familiar-console-Familiar_Console.desktop' \
    || fail "postinst does not install the desktop entry"

root=$work/root
dpkg-deb -x "$deb" "$root"
app=$root/opt/familiar-console
desktop=$app/lib/familiar-console-Familiar_Console.desktop
grep -qx 'Name=Familiar Console' "$desktop" || fail "desktop entry: no Name=Familiar Console"
grep -qx 'Exec="/opt/familiar-console/bin/Familiar Console"' "$desktop" || fail "desktop entry: wrong Exec"
grep -qx 'Icon=/opt/familiar-console/lib/Familiar_Console.png' "$desktop" || fail "desktop entry: wrong Icon"
grep -q '^Categories=.*System' "$desktop" || fail "desktop entry: no Categories"
file_header=$(head -c 8 "$app/lib/Familiar_Console.png" | od -An -tx1 | tr -d ' \n')
[[ "$file_header" == 89504e470d0a1a0a ]] || fail "the icon is not a PNG"
grep -q '^java-options=-Xmx256m$' "$app/lib/app/Familiar Console.cfg" || fail "the JVM options of jvm.options are not in the launcher's cfg"

runtime_java=$app/lib/runtime/bin/java
log "runtime: $(du -sm "$app/lib/runtime" | cut -f1) MiB, $("$runtime_java" --list-modules | wc -l) modules"
modules=$("$runtime_java" --list-modules)
for module in java.desktop java.sql java.naming java.management jdk.crypto.ec jdk.unsupported jdk.localedata; do
    grep -q "^$module@" <<<"$modules" || fail "the runtime lacks $module"
done
grep -q '^jdk.compiler@' <<<"$modules" && fail "the runtime holds jdk.compiler: not trimmed"
# TLS with an EC key and ECDHE in the packaged runtime (fails without jdk.crypto.ec)
mkdir -p "$work/tls"
"$app/lib/runtime/bin/keytool" -genkeypair -keyalg EC -groupname secp256r1 -alias probe -dname CN=localhost \
    -validity 2 -storetype PKCS12 -keystore "$work/tls/probe.p12" -storepass changeit >/dev/null 2>&1 \
    || fail "keytool of the runtime cannot make an EC key"
javac --release 17 -d "$work/tls" "$here/TlsProbe.java"
tls=$("$runtime_java" -cp "$work/tls" TlsProbe "$work/tls/probe.p12" changeit 2>&1) || fail "TLS in the runtime: $tls"
log "runtime TLS: $tls"

# --- 2. the server tarball ----------------------------------------------------------------------------------------
free_port() {
    local port
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 20000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
    done
    fail "no free port"
}
wait_for() { # seconds, description, command...
    local seconds=$1 what=$2
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 1
    done
}

if [[ -f "$here/server-install-test.sh" ]]; then
    log "server: installer/src/test/server-install-test.sh $(basename "$tarball")"
    # its own server log goes to $out/server.log; what it says of each step to server-install-test.log
    sh "$here/server-install-test.sh" "$tarball" "$out" 2>&1 | tee "$out/server-install-test.log"
else
    log "server: $(basename "$tarball") unpacked into a temporary root"
    server_home=$work/server/opt/familiar
    mkdir -p "$server_home" "$work/server/data" "$work/server/cache"
    tar -xzf "$tarball" -C "$server_home" --strip-components=1
    [[ -x "$server_home/bin/familiar-server" ]] || fail "the tarball has no executable bin/familiar-server"
    port=$(free_port)
    FAMILIAR_ENV_FILE=/dev/null FAMILIAR_HTTP_HOST=127.0.0.1 FAMILIAR_HTTP_PORT=$port \
        FAMILIAR_DATA_DIR=$work/server/data FAMILIAR_CDS_DIR=$work/server/cache \
        setsid "$server_home/bin/familiar-server" >"$out/server.log" 2>&1 </dev/null &
    server_pid=$!
    pids+=("$server_pid")
    ready() {
        kill -0 "$server_pid" 2>/dev/null || fail "the server stopped; see $out/server.log: $(tail -n 5 "$out/server.log")"
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" == 200 ]]
    }
    started=$SECONDS
    wait_for "$timeout_s" "server ready" ready || fail "GET /health/ready did not answer 200 within ${timeout_s}s"
    log "server: /health/ready answered 200 after $((SECONDS - started)) s on port $port"
    [[ -n "$(find "$work/server/data" -name '*.mv.db' -size +0)" ]] || fail "the server wrote no H2 file in its data folder"
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    pids=()
fi

# --- 3. the packaged console under Xvfb ---------------------------------------------------------------------------
home=$work/home
xdg_data=$work/xdg-data
mkdir -p "$home" "$xdg_data"
Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$work/display" >"$out/xvfb.log" 2>&1 &
pids+=("$!")
wait_for 30 "Xvfb" test -s "$work/display" || fail "Xvfb did not start: $(cat "$out/xvfb.log")"
display=:$(head -n 1 "$work/display")
log "console: started from the unpacked deb on display $display"

# The startup trace comes through JAVA_TOOL_OPTIONS, which the JVM itself reads: the jpackage launcher of JDK 17 ignores
# JDK_JAVA_OPTIONS (only the java command reads that one; tried).
started=$SECONDS
env -i PATH=/usr/bin:/bin HOME="$home" XDG_DATA_HOME="$xdg_data" XDG_CACHE_HOME="$home/.cache" \
    XDG_CONFIG_HOME="$home/.config" DISPLAY="$display" LANG=C.UTF-8 \
    JAVA_TOOL_OPTIONS="-Dfamiliar.startup.trace=true" \
    setsid "$app/bin/Familiar Console" >"$out/console.log" 2>&1 </dev/null &
console_pid=$!
pids+=("$console_pid")
healthy() {
    kill -0 "$console_pid" 2>/dev/null || fail "the console stopped; see $out/console.log: $(tail -n 20 "$out/console.log")"
    grep -q '^STARTUP healthy ' "$out/console.log"
}
wait_for "$timeout_s" "console healthy" healthy || fail "no 'STARTUP healthy' within ${timeout_s}s; see $out/console.log"
grep -q '^STARTUP window ' "$out/console.log" || fail "the console said healthy but never 'STARTUP window'"
log "console: STARTUP healthy after $((SECONDS - started)) s"
grep -q 'Picked up JAVA_TOOL_OPTIONS' "$out/console.log" || fail "the JVM did not read JAVA_TOOL_OPTIONS"

windows=$(DISPLAY=$display xwininfo -root -tree)
grep -q '"Familiar[^"]*"' <<<"$windows" || fail "no window titled Familiar on $display: $windows"
log "console: window $(grep -o '"Familiar[^"]*"' <<<"$windows" | head -n 1)"
sleep 2 # let the status bar paint "Healthy" for the screenshot
DISPLAY=$display import -window root "$out/console.png" || fail "no screenshot"
log "console: screenshot $out/console.png"

h2=$(find "$xdg_data/familiar/desktop" -name '*.mv.db' -size +0 2>/dev/null | head -n 1)
[[ -n "$h2" ]] || fail "no H2 database under \$XDG_DATA_HOME/familiar/desktop: $(find "$work" -name '*.mv.db')"
log "console: data in ${h2#"$work/"}"
[[ ! -e "$home/.familiar" ]] || fail "the packaged console wrote ~/.familiar"
[[ -z "$(find "$root" -name '*.mv.db')" ]] || fail "the packaged console wrote a database into its install folder"
log "PASS"
