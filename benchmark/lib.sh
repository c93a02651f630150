# Shell functions shared by run.sh and soak.sh; source it after defining log().

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
