package io.github.cometdboot.benchmark.flood;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flood benchmark's {@code --name=value} options, with their defaults (sized for a 2-core machine
 * and a run of about eight minutes).
 */
final class FloodOptions {

	/** Every attack, in the order they run by default. */
	static final List<String> ATTACKS = List.of("handshake-one", "handshake-many", "publish", "slowloris", "idle",
			"held-polls");

	private final Map<String, String> values;

	private FloodOptions(Map<String, String> values) {
		this.values = values;
	}

	/**
	 * @param args {@code --name=value} options
	 * @return the options
	 * @throws IllegalArgumentException for an argument of another form, or an unknown attack
	 */
	static FloodOptions parse(String... args) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("options are --name=value: " + arg);
			}
			values.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		FloodOptions options = new FloodOptions(values);
		for (String attack : options.attacks()) {
			if (!ATTACKS.contains(attack)) {
				throw new IllegalArgumentException("unknown attack " + attack + ", not one of " + ATTACKS);
			}
		}
		return options;
	}

	/** @return the Bayeux URL */
	String url() {
		return text("url", "http://127.0.0.1:28500/cometd");
	}

	/** @return the server's host and port, for the raw sockets */
	URI server() {
		return URI.create(url());
	}

	/** @return the server's process id, for its heap and files, or -1 */
	long pid() {
		return number("pid", -1);
	}

	/** @return the server's log file, whose growth is counted, or empty */
	String serverLog() {
		return text("server-log", "");
	}

	/** @return the attacks to run, in order */
	List<String> attacks() {
		return List.of(text("attacks", String.join(",", ATTACKS)).split(","));
	}

	Duration warmup() {
		return Duration.ofSeconds(number("warmup-seconds", 10));
	}

	Duration baseline() {
		return Duration.ofSeconds(number("baseline-seconds", 20));
	}

	Duration attack() {
		return Duration.ofSeconds(number("attack-seconds", 45));
	}

	Duration recovery() {
		return Duration.ofSeconds(number("recovery-seconds", 20));
	}

	/** @return how long to wait at the end for the last probes before booking loss */
	Duration drain() {
		return Duration.ofSeconds(number("drain-seconds", 5));
	}

	/** @return the healthy publisher's probes per second */
	int rate() {
		return (int) number("rate", 20);
	}

	/** @return connections of a handshake flood, each with a handshake in flight */
	int floodConnections() {
		return (int) number("flood-connections", 32);
	}

	/** @return the addresses of the attacks from several addresses (handshake flood, sockets) */
	int floodAddresses() {
		return (int) number("flood-addresses", 8);
	}

	/** @return sessions of the publish flood, each with a publish in flight */
	int publishSessions() {
		return (int) number("publish-sessions", 16);
	}

	/** @return characters of data in each flooding publish */
	int publishSize() {
		return (int) number("publish-size", 256);
	}

	int slowlorisSockets() {
		return (int) number("slowloris-sockets", 200);
	}

	/** @return how long a slowloris socket waits between two bytes */
	Duration slowlorisInterval() {
		return Duration.ofSeconds(number("slowloris-interval-seconds", 5));
	}

	int idleSockets() {
		return (int) number("idle-sockets", 2000);
	}

	/** @return long polls held from one address */
	int heldPolls() {
		return (int) number("held-polls", 200);
	}

	/** @return where to write the phases as JSON, or empty */
	String out() {
		return text("out", "");
	}

	private String text(String name, String fallback) {
		return this.values.getOrDefault(name, fallback);
	}

	private long number(String name, long fallback) {
		return Long.parseLong(text(name, Long.toString(fallback)));
	}

}
