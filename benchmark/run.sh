#!/usr/bin/env bash
# Runs the same scenarios against our sample app (A) and the real CometD server (B), alternating
# A, B, A, B with the same load client, and prints per-scenario ratios ours/CometD. With --floor, the
# floor server (C) runs beside them in the load scenarios, alternating A, B, C, A, B, C.
#
# The server is judged by its own figures, read from /proc and jcmd: CPU time per delivered message
# over the measured window, latency percentiles at the same offered load, memory per idle session.
# Everything listens on and talks to 127.0.0.1 only; every process started here is stopped on exit.
#
#   benchmark/run.sh [--rounds=2] [--jit-warmup=30] [--warmup=5] [--duration=15]
#                    [--scenarios=chat,heavy,fanout,rooms,idle|none]
#                    [--max-load=rooms|chat|heavy|fanout|none]
#                    [--idle-sessions=2000]
#                    [--peer=cometd|ours-metrics-off] [--client=own|cometd] [--floor] [--build] [--jfr]
#                    [--out=DIR]
# --client: the load client, our own lean one (default) or the official CometD Java client (each
#   client a BayeuxClient of its own over one shared Jetty HttpClient), for every load of the run.
# --peer: B is the real CometD server (default), or our sample app with the metrics and observation
#   auto-configurations excluded, to measure what metrics cost.
# --floor: C is the floor server (benchmarks.jar floor: the least a Bayeux server on Netty does), run in
#   the load scenarios only (not idle, not max-load); the report adds its figures and the ratio floor/B.
# --jfr: record each server with Java Flight Recorder (profile settings) into the results' logs.
# --cluster: instead, A is one sample-app node on the Redis engine (cluster profile, Redis on
#   127.0.0.1:6379) with publishers and subscribers on it, B is two such nodes with the subscribers on
#   node 1 and the publishers (one client per room) on node 2; node 2 runs in both, and server CPU
#   is summed over both nodes.
#   Load scenarios only (default chat), no max-load; prints a table of the measured runs.
# --jit-warmup: seconds of the scenario's load on each server before its measured runs (0: the first
#   measured run meets a cold server, as a freshly deployed one is met);
# --warmup, --duration: seconds of each measured run before and inside its measured window.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
ROUNDS=2
JIT_WARMUP=30
WARMUP=5
DURATION=15
SCENARIOS=chat,fanout,rooms,idle
MAX_LOAD=rooms
IDLE_SESSIONS=2000
BUILD=auto
JFR=no
PEER=cometd
CLIENT=own
CLUSTER=no
FLOOR=no
OUT="$HERE/target/results/$(date +%Y%m%d-%H%M%S)"
PORT=${BENCH_PORT:-28480}
# Same JVM settings for both servers; the load client gets its own.
SERVER_OPTS=${SERVER_OPTS:--Xmx1g}
CLIENT_OPTS=${CLIENT_OPTS:--Xmx2g}

for arg in "$@"; do
	case "$arg" in
		--rounds=*) ROUNDS=${arg#*=} ;;
		--jit-warmup=*) JIT_WARMUP=${arg#*=} ;;
		--warmup=*) WARMUP=${arg#*=} ;;
		--duration=*) DURATION=${arg#*=} ;;
		--scenarios=*) SCENARIOS=${arg#*=} ;;
		--max-load=*) MAX_LOAD=${arg#*=} ;;
		--idle-sessions=*) IDLE_SESSIONS=${arg#*=} ;;
		--build) BUILD=always ;;
		--jfr) JFR=yes ;;
		--peer=*) PEER=${arg#*=} ;;
		--client=*) CLIENT=${arg#*=} ;;
		--cluster) CLUSTER=yes ;;
		--floor) FLOOR=yes ;;
		--out=*) OUT=${arg#*=} ;;
		*) echo "unknown option $arg" >&2; exit 2 ;;
	esac
done
case "$PEER" in
	cometd | ours-metrics-off) ;;
	*) echo "unknown peer $PEER" >&2; exit 2 ;;
esac
if [ "$FLOOR" = yes ] && [ "$CLUSTER" = yes ]; then
	echo "--floor does not apply to --cluster" >&2
	exit 2
fi
# The servers of the load scenarios, in the order their measured runs alternate.
LOAD_SERVERS="ours cometd"
[ "$FLOOR" = yes ] && LOAD_SERVERS="ours cometd floor"

SAMPLE_JAR="$ROOT/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
BENCH_JAR="$HERE/target/benchmarks.jar"

log() { echo "[run] $(date +%H:%M:%S) $*" >&2; }
# shellcheck source=lib.sh
. "$HERE/lib.sh"

# Every process we start is recorded here and stopped by the trap, whatever happens.
STARTED=()
cleanup() {
	for pid in "${STARTED[@]:-}"; do
		[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
	done
	sleep 1
	for pid in "${STARTED[@]:-}"; do
		[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
	done
}
trap cleanup EXIT
# Leave on a signal (the EXIT trap then cleans up) rather than carry on with the next run.
trap 'exit 143' INT TERM

# Once a process has ended, drop it from the list so that its id, if reused, is never signalled.
forget() {
	local kept=() pid
	for pid in "${STARTED[@]:-}"; do
		[ -n "$pid" ] && [ "$pid" != "$1" ] && kept+=("$pid")
	done
	STARTED=("${kept[@]:-}")
}

build() {
	log "building sample-app and benchmark"
	local lock=${MVN_LOCK:-/tmp/mvn.lock}
	local mvn=(mvn -B -q -pl sample-app,benchmark -am install -DskipTests -Dinterop.skip=true)
	if command -v flock >/dev/null; then
		(cd "$ROOT" && flock "$lock" "${mvn[@]}")
	else
		(cd "$ROOT" && "${mvn[@]}")
	fi
}
if [ "$BUILD" = always ] || [ ! -f "$SAMPLE_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
	build
fi
# Run from private copies: a build that replaces the jars while a JVM still loads classes from them
# would break that JVM in the middle of a run.
mkdir -p "$OUT/jars"
cp "$SAMPLE_JAR" "$OUT/jars/sample-app.jar"
cp "$BENCH_JAR" "$OUT/jars/benchmarks.jar"
SAMPLE_JAR="$OUT/jars/sample-app.jar"
BENCH_JAR="$OUT/jars/benchmarks.jar"

declare -A PIDS
# What --peer=ours-metrics-off leaves out: every meter and observation of the starter.
METRICS_AUTO_CONFIGURATIONS=io.github.cometdboot.autoconfigure.metrics.CometdMetricsAutoConfiguration,io.github.cometdboot.autoconfigure.observation.CometdObservationAutoConfiguration
port_of() { case "$1" in ours | node1) echo "$PORT" ;; floor) echo $((PORT + 2)) ;; *) echo $((PORT + 1)) ;; esac; }
# The cluster of --cluster: a key prefix of this run's own on the shared Redis.
CLUSTER_PREFIX="bench-$(date +%s)-$$"

# Start a server in the background and wait for its port. $1: ours|cometd|floor, $2: a tag for its log.
start_server() {
	local which=$1 port logfile="$OUT/logs/$2.$1.server.log" opts=$SERVER_OPTS
	port=$(port_of "$which")
	if [ "$JFR" = yes ]; then
		opts="$opts -XX:StartFlightRecording=filename=$OUT/logs/$2.$1.jfr,settings=profile"
	fi
	if [ "$which" = floor ]; then
		# shellcheck disable=SC2086
		java $opts -jar "$BENCH_JAR" floor --port="$port" >"$logfile" 2>&1 &
	elif [ "$which" = ours ] || [ "$PEER" = ours-metrics-off ] || [ "$CLUSTER" = yes ]; then
		local extra=()
		if [ "$CLUSTER" = yes ]; then
			extra=(--spring.profiles.active=cluster --cometd.cluster.node-id="$which"
				--cometd.cluster.redis.prefix="$CLUSTER_PREFIX")
		elif [ "$which" = cometd ]; then
			extra=(--spring.autoconfigure.exclude="$METRICS_AUTO_CONFIGURATIONS")
		fi
		# Every load client shares one address: the per-address handshake rate would throttle the setup,
		# and the per-address share of connections (a tenth of 10,000) would refuse the fan-out's 2,000.
		# shellcheck disable=SC2086
		java $opts -jar "$SAMPLE_JAR" --server.port="$port" --server.address=127.0.0.1 \
			--logging.level.root=WARN --spring.main.banner-mode=off --cometd.limits.max-handshake-rate=0 \
			--cometd.limits.max-connections-per-address=0 \
			"${extra[@]}" >"$logfile" 2>&1 &
	else
		# shellcheck disable=SC2086
		java $opts -jar "$BENCH_JAR" peer --port="$port" >"$logfile" 2>&1 &
	fi
	local pid=$!
	PIDS[$which]=$pid
	STARTED+=("$pid")
	wait_for_port "$port" "$pid" "$logfile"
	# The peer maps its websocket just after the port opens; give both servers the same second.
	sleep 1
}

stop_server() {
	local pid=${PIDS[$1]}
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	forget "$pid"
}

# Run the load generator against a server; its JSON summary goes to $2, its progress to the log.
load() {
	local which=$1 result=$2
	shift 2
	# shellcheck disable=SC2086
	java $CLIENT_OPTS -jar "$BENCH_JAR" load --url="http://127.0.0.1:$(port_of "$which")/cometd" \
		--server-pid="${PIDS[$which]}" --client="$CLIENT" "$@" >"$result" 2>>"$OUT/logs/load.log" &
	local pid=$!
	STARTED+=("$pid")
	wait "$pid" || log "load generator failed: see $OUT/logs/load.log"
	forget "$pid"
}

scenario_args() {
	case "$1" in
		# A chat: long-polling, hundreds of clients, tens of rooms, each client says something every second.
		chat) echo "--transport=long-polling --clients=200 --rooms=20 --rate=200 --size=256" ;;
		# Heavy long-polling: two feeds post to ten rooms, 100 messages/s to each of 200 clients.
		heavy) echo "--transport=long-polling --clients=200 --rooms=10 --publishers=2 --publish-to=all --rate=1000 --size=64" ;;
		# A websocket fan-out: thousands of clients in one room, a few publishers.
		fanout) echo "--transport=websocket --clients=2000 --rooms=1 --publishers=4 --rate=10 --size=256" ;;
		# Websocket, many rooms: a thousand clients in a hundred rooms, everyone publishing.
		rooms) echo "--transport=websocket --clients=1000 --rooms=100 --rate=1000 --size=256" ;;
		*) echo "unknown scenario $1" >&2; exit 2 ;;
	esac
}

# The servers run side by side for a scenario: each is first warmed up with the scenario's own load
# (so that the JIT has compiled its paths), then the measured runs alternate A, B, A, B (A, B, C, ...
# with the floor server). $1: the servers, such as "ours cometd", $2: the scenario, then its load options.
start_warm() {
	local servers=$1 scenario=$2
	shift 2
	for which in $servers; do
		start_server "$which" "$scenario"
	done
	[ "$JIT_WARMUP" = 0 ] && return
	for which in $servers; do
		log "$scenario: warming $which up for ${JIT_WARMUP}s"
		load "$which" "$OUT/logs/$scenario.$which.warm.json" --scenario="$scenario-warmup" --warmup=0 \
			--duration="$JIT_WARMUP" "$@"
	done
}

# Stop each server named in $1, such as "ours cometd".
stop_servers() {
	for which in $1; do
		stop_server "$which"
	done
}

run_load_scenario() {
	local scenario=$1
	# shellcheck disable=SC2046
	start_warm "$LOAD_SERVERS" "$scenario" $(scenario_args "$scenario")
	for round in $(seq 1 "$ROUNDS"); do
		for which in $LOAD_SERVERS; do
			log "$scenario round $round: $which"
			# shellcheck disable=SC2046
			load "$which" "$OUT/$scenario/$which-$round.json" --scenario="$scenario" --warmup="$WARMUP" \
				--duration="$DURATION" $(scenario_args "$scenario")
			tail -c 700 "$OUT/$scenario/$which-$round.json" >&2 || true
		done
	done
	stop_servers "$LOAD_SERVERS"
}

# --cluster: A (one-node) and B (two-nodes) against the same two running nodes, each warmed up first,
# then alternating A, B, A, B. The load client always subscribes on node 1; in B its publishers are on
# node 2. Node 2's CPU counts in both: in A it reads the bus as every node of a cluster does.
run_cluster_scenario() {
	local scenario=$1 args node2_url rooms
	# One publishing client per room, so that in B most members of a room are on the other node than
	# its publisher (the scenarios' own "everyone publishes" would put every client on node 2).
	rooms=$(scenario_args "$scenario" | grep -o -- '--rooms=[0-9]*' | tr -dc '0-9')
	args="$(scenario_args "$scenario") --publishers=$rooms"
	node2_url="http://127.0.0.1:$(port_of node2)/cometd"
	start_server node1 "$scenario"
	start_server node2 "$scenario"
	local -A setup_args=([one-node]="" [two-nodes]="--publish-url=$node2_url")
	for setup in one-node two-nodes; do
		log "$scenario: warming $setup up for ${JIT_WARMUP}s"
		# shellcheck disable=SC2086
		load node1 "$OUT/logs/$scenario.$setup.warm.json" --scenario="$scenario-warmup" --warmup=0 \
			--duration="$JIT_WARMUP" --publish-server-pid="${PIDS[node2]}" $args ${setup_args[$setup]}
	done
	for round in $(seq 1 "$ROUNDS"); do
		for setup in one-node two-nodes; do
			log "$scenario round $round: $setup"
			# shellcheck disable=SC2086
			load node1 "$OUT/$scenario/$setup-$round.json" --scenario="$scenario" --warmup="$WARMUP" \
				--duration="$DURATION" --publish-server-pid="${PIDS[node2]}" $args ${setup_args[$setup]}
			tail -c 700 "$OUT/$scenario/$setup-$round.json" >&2 || true
		done
	done
	stop_server node1
	stop_server node2
	if command -v redis-cli >/dev/null; then
		redis-cli -h 127.0.0.1 -p 6379 DEL "$CLUSTER_PREFIX:bus" >/dev/null || true
	fi
}

# One table row per measured --cluster run.
cluster_table() {
	echo "| scenario | round | setup | delivered/s | p50 ms | p99 ms | lost | duplicates | server CPU µs/delivery (2 nodes) |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
	for scenario in "$@"; do
		for round in $(seq 1 "$ROUNDS"); do
			for setup in one-node two-nodes; do
				jq -r --arg s "$scenario" --arg r "$round" --arg x "$setup" \
					'"| \($s) | \($r) | \($x) | \(.deliveriesPerSecond) | \(.latencyMicros.p50 / 1000) | \(.latencyMicros.p99 / 1000) | \(.lost) | \(.duplicates) | \(.serverCpuMicrosPerDelivery) |"' \
					"$OUT/$scenario/$setup-$round.json" 2>/dev/null || echo "| $scenario | $round | $setup | failed | | | | | |"
			done
		done
	done
}

heap_used_kb() {
	jcmd "$1" GC.run >/dev/null
	sleep 1
	jcmd "$1" GC.run >/dev/null
	jcmd "$1" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc '0-9' || true
}

rss_kb() {
	grep VmRSS "/proc/$1/status" | tr -dc '0-9'
}

# Memory per idle long-poll session: heap after GC and RSS, before and with the sessions, on a fresh server.
run_idle() {
	local round=$1 which=$2
	local tag="idle.$round" result="$OUT/idle/$which-$round.json" ready="$OUT/logs/idle.$which.$round.out"
	log "idle round $round: $which"
	start_server "$which" "$tag"
	local pid=${PIDS[$which]}
	# A few seconds of traffic first, so that both servers have loaded their classes.
	load "$which" "$OUT/logs/$tag.$which.warm.json" --clients=10 --rooms=1 --rate=50 --warmup=1 --duration=2
	local heap0 rss0
	heap0=$(heap_used_kb "$pid")
	rss0=$(rss_kb "$pid")
	# shellcheck disable=SC2086
	java $CLIENT_OPTS -jar "$BENCH_JAR" load --url="http://127.0.0.1:$(port_of "$which")/cometd" --mode=idle \
		--scenario=idle --transport=long-polling --clients="$IDLE_SESSIONS" --rooms=20 --duration=600 \
		>"$ready" 2>>"$OUT/logs/load.log" &
	local client=$!
	STARTED+=("$client")
	local deadline=$((SECONDS + 180))
	until grep -q '"event":"ready"' "$ready" 2>/dev/null; do
		if [ $SECONDS -ge $deadline ] || ! kill -0 "$client" 2>/dev/null; then
			log "idle sessions not ready"
			break
		fi
		sleep 0.5
	done
	# Let every session settle into a held long poll.
	sleep 3
	local heap1 rss1 errors
	heap1=$(heap_used_kb "$pid")
	rss1=$(rss_kb "$pid")
	errors=$(grep -o '"errors":[0-9]*' "$ready" | head -1 | tr -dc '0-9' || true)
	kill -TERM "$client" 2>/dev/null || true
	wait "$client" 2>/dev/null || true
	forget "$client"
	stop_server "$which"
	printf '{"scenario":"idle","sessions":%s,"heapBeforeKilobytes":%s,"heapAfterKilobytes":%s,"rssBeforeKilobytes":%s,"rssAfterKilobytes":%s,"errors":%s}\n' \
		"$IDLE_SESSIONS" "${heap0:-null}" "${heap1:-null}" "${rss0:-null}" "${rss1:-null}" "${errors:-0}" >"$result"
	cat "$result" >&2
}

# The ladder: the highest offered load sustained without loss and with p99 under one second. From a
# quarter of the scenario's rate, double it until a server fails, both servers warm and alternating
# (never the floor server).
run_max_load() {
	local scenario=$1 base args rate
	base=$(scenario_args "$scenario" | grep -o -- '--rate=[0-9]*' | tr -dc '0-9')
	args=$(scenario_args "$scenario" | sed 's/--rate=[0-9]*//')
	# shellcheck disable=SC2086
	start_warm "ours cometd" "maxload" $args --rate="$base"
	declare -A failed=()
	# From a quarter of the scenario's rate up, so the ladder judges a light load too.
	for quarters in 1 2 4 8 16 32 64 128; do
		rate=$((base * quarters / 4))
		for which in ours cometd; do
			[ -n "${failed[$which]:-}" ] && continue
			log "max-load $scenario at $rate/s: $which"
			# shellcheck disable=SC2086
			load "$which" "$OUT/maxload/$which-$rate.json" --scenario="maxload-$scenario" --warmup=3 \
				--duration=8 --drain=5 --rate="$rate" $args
			grep -q '"sustained":true' "$OUT/maxload/$which-$rate.json" || failed[$which]=1
		done
		[ -n "${failed[ours]:-}" ] && [ -n "${failed[cometd]:-}" ] && break
	done
	stop_servers "ours cometd"
}

mkdir -p "$OUT/logs"
{
	echo "date: $(date -Iseconds)"
	echo "nproc: $(nproc)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "memory: $(grep MemTotal /proc/meminfo | tr -s ' ' | cut -d' ' -f2-)"
	echo "java: $(java -version 2>&1 | head -1)"
	echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "command: benchmark/run.sh $*"
	if [ "$CLUSTER" = yes ]; then echo "A: one node, B: two nodes (Redis engine)"; else echo "B: $PEER"; fi
	if [ "$FLOOR" = yes ]; then echo "C: floor server (load scenarios)"; fi
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

LIST=()
[ "$SCENARIOS" != none ] && IFS=, read -r -a LIST <<<"$SCENARIOS"
if [ "$CLUSTER" = yes ]; then
	[ "$SCENARIOS" = chat,fanout,rooms,idle ] && LIST=(chat)
	for scenario in "${LIST[@]}"; do
		mkdir -p "$OUT/$scenario"
		run_cluster_scenario "$scenario"
	done
	echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
	cluster_table "${LIST[@]}" | tee "$OUT/summary.md"
	rm -rf "$OUT/jars"
	exit 0
fi
for scenario in "${LIST[@]}"; do
	mkdir -p "$OUT/$scenario"
	if [ "$scenario" = idle ]; then
		for round in $(seq 1 "$ROUNDS"); do
			for which in ours cometd; do
				run_idle "$round" "$which"
			done
		done
	else
		run_load_scenario "$scenario"
	fi
done

if [ "$MAX_LOAD" != none ]; then
	mkdir -p "$OUT/maxload"
	run_max_load "$MAX_LOAD"
fi

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
java -jar "$BENCH_JAR" report "$OUT" "$PEER" | tee "$OUT/summary.md"
rm -rf "$OUT/jars"
