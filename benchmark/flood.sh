#!/usr/bin/env bash
# The flood benchmark (not part of `mvn -B verify`): starts the sample app on 127.0.0.1 with its
# DEFAULT limits (the per-address handshake rate included), then runs `benchmarks.jar flood` against
# it: a warm-up and a baseline with a healthy client only, then each attack for --attack-seconds and a
# recovery period of --recovery-seconds after it. The healthy clients (a publisher of 20 probes/s, a
# long-polling and a websocket subscriber) connect from 127.0.0.2, the attackers from 127.0.0.1 and
# 127.0.0.10 and up, so that what the server limits per address meets the attackers only.
# Prints a Markdown table per phase (healthy p50/p99 and loss, heap after GC, open files, connections,
# sessions, log lines, what the attacker saw) and whether the server recovered from each attack.
#
#   benchmark/flood.sh [--attacks=handshake-one,handshake-many,publish,slowloris,idle,held-polls]
#                      [--attack-seconds=45] [--recovery-seconds=20] [--baseline-seconds=20]
#                      [--idle-sockets=2000] [--slowloris-sockets=200] [--slowloris-interval-seconds=5]
#                      [--flood-connections=32] [--flood-addresses=8] [--publish-sessions=16]
#                      [--held-polls=200] [--rate=20] [--build] [--out=DIR] [-- SERVER_ARG...]
# Arguments after `--` go to the sample app, e.g. `-- --cometd.limits.idle-timeout=20s`.
# The defaults take about eight minutes.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PORT=${FLOOD_PORT:-28500}
SERVER_OPTS=${SERVER_OPTS:--Xmx1g}
CLIENT_OPTS=${CLIENT_OPTS:--Xmx1g}
BUILD=auto
OUT="$HERE/target/flood/$(date +%Y%m%d-%H%M%S)"
FLOOD_ARGS=()
SERVER_ARGS=()
while [ $# -gt 0 ]; do
	case "$1" in
		--build) BUILD=always ;;
		--out=*) OUT=${1#*=} ;;
		--) shift; SERVER_ARGS=("$@"); break ;;
		--*=*) FLOOD_ARGS+=("$1") ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

SAMPLE_JAR="$ROOT/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
BENCH_JAR="$HERE/target/benchmarks.jar"
mkdir -p "$OUT"
log() { echo "[flood.sh] $(date +%H:%M:%S) $*" >&2; }
# shellcheck source=lib.sh
. "$HERE/lib.sh"

if [ "$BUILD" = always ] || [ ! -f "$SAMPLE_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
	build_jars
fi
# Private copies: a build that replaces the jars must not break a running JVM.
cp "$SAMPLE_JAR" "$OUT/sample-app.jar"
cp "$BENCH_JAR" "$OUT/benchmarks.jar"

# Thousands of sockets on each side: raise the soft limit of open files to the hard one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

SERVER_PID=
cleanup() {
	stop_process "$SERVER_PID"
}
trap cleanup EXIT INT TERM

{
	echo "date: $(date -Iseconds)"
	echo "nproc: $(nproc)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "java: $(java -version 2>&1 | head -1)"
	echo "open files limit: $(ulimit -n)"
	echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "command: benchmark/flood.sh ${FLOOD_ARGS[*]:-}${SERVER_ARGS[*]:+ -- ${SERVER_ARGS[*]}}"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

# The sample app as deployed: no limit switched off. Only the log level is WARN, as in run.sh.
# shellcheck disable=SC2086
java $SERVER_OPTS -jar "$OUT/sample-app.jar" --server.port="$PORT" --server.address=127.0.0.1 \
	--logging.level.root=WARN --spring.main.banner-mode=off "${SERVER_ARGS[@]}" >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
wait_for_port "$PORT" "$SERVER_PID" "$OUT/server.log"
log "sample app up (pid $SERVER_PID); flooding"
# shellcheck disable=SC2086
java $CLIENT_OPTS -jar "$OUT/benchmarks.jar" flood --url="http://127.0.0.1:$PORT/cometd" --pid="$SERVER_PID" \
	--server-log="$OUT/server.log" --out="$OUT/phases.json" "${FLOOD_ARGS[@]}" | tee "$OUT/summary.md"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
kill -0 "$SERVER_PID" 2>/dev/null && log "the server is still up" || log "the server is gone: see $OUT/server.log"
rm -f "$OUT/sample-app.jar" "$OUT/benchmarks.jar"
log "results in $OUT"
