# Shell functions shared by run.sh, soak.sh and flood.sh; source it after defining log() and ROOT.

# Wait until a server process listens on a port of 127.0.0.1, for at most 90 seconds; exit the script
# if it does not, or if the process ends first. $1: port, $2: pid, $3: its log file, for the message.
wait_for_port() {
	local port=$1 pid=$2 logfile=$3
	local deadline=$((SECONDS + 90))
	until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
		if [ $SECONDS -ge $deadline ] || ! kill -0 "$pid" 2>/dev/null; then
			log "the server on port $port did not start; see $logfile"
			exit 1
		fi
		sleep 0.2
	done
}

# Build the sample app and the benchmarks jar from this checkout (package, not install: nothing goes to
# the shared local repository). Holds the Maven lock, as every Maven command on a shared machine does.
build_jars() {
	log "building sample-app and benchmark"
	(cd "$ROOT" && flock "${MVN_LOCK:-/tmp/mvn.lock}" mvn -B -q -pl sample-app,benchmark -am package -DskipTests \
		-Dinterop.skip=true)
}

# Stop a process that this script started: TERM, up to ten seconds to end, then KILL. $1: pid, or empty.
stop_process() {
	local pid=$1
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
	fi
}
