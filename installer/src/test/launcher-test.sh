#!/bin/sh
# Checks bin/familiar-server's command line (conf/jvm.options, FAMILIAR_JAVA_OPTS, AppCDS, arguments) with a tiny
# jar in place of the server that prints the JVM's input arguments and its own. Run from anywhere:
#   sh installer/src/test/launcher-test.sh        (needs a JDK 17+: javac, jar)
set -eu
here=$(cd -- "$(dirname -- "$0")" && pwd -P)
launcher=$here/../dist/bin/familiar-server
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "launcher-test: FAIL: $*" >&2; exit 1; }
mkdir -p "$work/home/bin" "$work/home/lib" "$work/home/conf" "$work/src" "$work/cds"
cp "$launcher" "$work/home/bin/familiar-server"
cat >"$work/src/Probe.java" <<'JAVA'
public class Probe {
    public static void main(String[] args) {
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            System.out.println("jvm " + a);
        }
        for (String a : args) {
            System.out.println("arg " + a);
        }
        System.out.println("maxheap " + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
JAVA
javac -d "$work/src" "$work/src/Probe.java"
(cd "$work/src" && jar cfe "$work/home/lib/familiar-server.jar" Probe Probe.class)
cat >"$work/home/conf/jvm.options" <<'OPTS'
# a comment
  -Xmx96m

-XX:+UseSerialGC
-Dfamiliar.probe=a b
OPTS
run() { env -u FAMILIAR_HOME FAMILIAR_ENV_FILE=/dev/null FAMILIAR_CDS_DIR="$work/cds" "$@" 2>&1; }

out=$(run FAMILIAR_CDS=off sh "$work/home/bin/familiar-server" one "two words")
echo "$out" | grep -qx 'jvm -Xmx96m' || fail "options file not read: $out"
echo "$out" | grep -qx 'jvm -XX:+UseSerialGC' || fail "second option missing"
echo "$out" | grep -qx 'jvm -Dfamiliar.probe=a b' || fail "an option with a blank was split"
echo "$out" | grep -q 'comment' && fail "a comment was passed"
echo "$out" | grep -qx 'arg one' && echo "$out" | grep -qx 'arg two words' || fail "arguments lost: $out"
echo "$out" | grep -q 'SharedArchiveFile\|ArchiveClassesAtExit' && fail "FAMILIAR_CDS=off still uses CDS"

out=$(run FAMILIAR_CDS=off FAMILIAR_JAVA_OPTS="-Xmx200m -Dx=1" sh "$work/home/bin/familiar-server")
echo "$out" | grep -qx 'maxheap 200' || echo "$out" | grep -qx 'maxheap 19[0-9]' || fail "FAMILIAR_JAVA_OPTS does not override: $out"

out=$(run FAMILIAR_CDS=off FAMILIAR_JVM_OPTIONS_FILE=/dev/null sh "$work/home/bin/familiar-server")
echo "$out" | grep -q 'jvm -Xmx96m' && fail "FAMILIAR_JVM_OPTIONS_FILE=/dev/null still reads the file"

# AppCDS: the first run writes the archive at exit, the second uses it, a changed jar gets a new one
out=$(run sh "$work/home/bin/familiar-server")
ls "$work"/cds/familiar-server-java*.jsa >/dev/null 2>&1 || fail "no archive after the first run: $out"
first=$(ls "$work"/cds/familiar-server-java*.jsa)
out=$(run sh "$work/home/bin/familiar-server")
echo "$out" | grep -q "jvm -XX:SharedArchiveFile=$first" || fail "the second run does not use $first: $out"
echo "$out" | grep -q '^\[' && fail "the JVM printed log lines: $out"
echo "$out" | grep -q 'warning' && fail "the JVM printed a warning: $out"
touch -d '2001-01-01' "$work/home/lib/familiar-server.jar"
out=$(run sh "$work/home/bin/familiar-server")
echo "$out" | grep -q '^\[' && fail "the JVM printed log lines with a stale archive: $out"
# a damaged archive: the JVM starts without it, silently
for f in "$work"/cds/*.jsa; do chmod u+w "$f"; printf 'garbage' >"$f"; done
out=$(run sh "$work/home/bin/familiar-server")
echo "$out" | grep -q '^maxheap' || fail "no start with a damaged archive: $out"
echo "$out" | grep -q '^\[\|warning' && fail "the JVM printed log lines with a damaged archive: $out"
ls "$work"/cds/*.jsa >/dev/null 2>&1 || fail "the damaged archive was not replaced"
[ "$(od -An -tx1 -N4 "$(ls "$work"/cds/*.jsa | head -n 1)" | tr -d ' \n')" = a8ab0bf0 ] || fail "still a damaged archive"
# a folder that cannot be used: no CDS options at all
out=$(run FAMILIAR_CDS_DIR=/proc/nonexistent/x sh "$work/home/bin/familiar-server")
echo "$out" | grep -q 'SharedArchiveFile\|ArchiveClassesAtExit' && fail "CDS options with an unusable folder"
echo "launcher-test: ok ($(java -version 2>&1 | head -n 1))"
