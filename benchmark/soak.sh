#!/usr/bin/env bash
# The soak run (not part of `mvn -B verify`): starts the sample app on 127.0.0.1, keeps thousands of
# clients churning against it (websocket and long-polling; each handshakes, subscribes to a channel of
# its own, publishes, then disconnects or just vanishes), then checks through /actuator/cometd and
# `jcmd GC.heap_info` that sessions and channels come back to the baseline and that the heap after GC
# did not grow. Prints the figures as JSON; exits 1 if something did not come back.
#
#   benchmark/soak.sh [--minutes=3] [--slots=300] [--vanish-percent=30] [--heap-tolerance-mib=32] [--build]
#
# The app runs with short timings (connect timeout, max-interval, channel idle time of 5s) so that
# what vanished clients leave is pruned within seconds of the end.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PORT=${SOAK_PORT:-28490}
SERVER_OPTS=${SERVER_OPTS:--Xmx512m}
CLIENT_OPTS=${CLIENT_OPTS:--Xmx1g}
BUILD=auto
SOAK_ARGS=()
for arg in "$@"; do
	case "$arg" in
		--build) BUILD=always ;;
		--minutes=*|--slots=*|--vanish-percent=*|--heap-tolerance-mib=*|--settle-seconds=*) SOAK_ARGS+=("$arg") ;;
		*) echo "unknown option $arg" >&2; exit 2 ;;
	esac
done

SAMPLE_JAR="$ROOT/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
BENCH_JAR="$HERE/target/benchmarks.jar"
OUT="$HERE/target/soak/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
log() { echo "[soak.sh] $(date +%H:%M:%S) $*" >&2; }
# shellcheck source=lib.sh
. "$HERE/lib.sh"

if [ "$BUILD" = always ] || [ ! -f "$SAMPLE_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
	build_jars
fi
cp "$SAMPLE_JAR" "$OUT/sample-app.jar"
cp "$BENCH_JAR" "$OUT/benchmarks.jar"

SERVER_PID=
cleanup() {
	stop_process "$SERVER_PID"
}
trap cleanup EXIT INT TERM

# Every soak client shares one address: no per-address handshake rate nor share of connections.
# shellcheck disable=SC2086
java $SERVER_OPTS -jar "$OUT/sample-app.jar" --server.port="$PORT" --server.address=127.0.0.1 \
	--logging.level.root=WARN --spring.main.banner-mode=off \
	--cometd.timeout=5s --cometd.max-interval=5s --cometd.channel-idle-time=5s \
	--cometd.limits.max-handshake-rate=0 --cometd.limits.max-connections-per-address=0 \
	>"$OUT/server.log" 2>&1 &
SERVER_PID=$!
wait_for_port "$PORT" "$SERVER_PID" "$OUT/server.log"
log "sample app up (pid $SERVER_PID); soaking"
# shellcheck disable=SC2086
java $CLIENT_OPTS -jar "$OUT/benchmarks.jar" soak --url="http://127.0.0.1:$PORT/cometd" --pid="$SERVER_PID" \
	--settle-seconds=60 "${SOAK_ARGS[@]}" | tee "$OUT/result.json"
