package io.github.cometdboot.benchmark.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a load run does, from {@code --name=value} arguments.
 *
 * @param scenario a label copied into the summary
 * @param url the Bayeux URL, such as {@code http://127.0.0.1:8080/cometd}
 * @param transport {@code long-polling} or {@code websocket}
 * @param mode {@code load} (publish and measure) or {@code idle} (hold sessions for a memory reading)
 * @param clients how many clients
 * @param rooms how many room channels; client {@code i} is in room {@code i % rooms}
 * @param publishers how many of the clients publish (the first ones, spread over the rooms)
 * @param rate the offered publish rate over all publishers, in messages per second
 * @param size the approximate size of a published message's data, in bytes
 * @param warmup how long to publish before the measured window opens
 * @param duration how long the measured window stays open
 * @param drain how long to wait, after publishing stops, for the last deliveries
 * @param serverPid the server's process id, for its CPU time and RSS; 0 when unknown
 * @param setupConcurrency how many clients handshake and subscribe at once
 * @param publishUrl the Bayeux URL of the publishing clients: another node of a cluster than {@code url}
 *     to measure cross-node delivery, else {@code url}
 * @param publishServerPid the process id of the server behind {@code publishUrl} when it is another
 *     process, so that the server CPU time is summed over both; 0 otherwise
 */
public record LoadOptions(String scenario, String url, String transport, String mode, int clients, int rooms,
		int publishers, double rate, int size, Duration warmup, Duration duration, Duration drain, long serverPid,
		int setupConcurrency, String publishUrl, long publishServerPid) {

	/**
	 * Parse arguments of the form {@code --name=value}; unknown names are an error.
	 * @param args the arguments
	 * @return the options
	 */
	public static LoadOptions parse(String... args) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("scenario", "load");
		values.put("url", "http://127.0.0.1:8080/cometd");
		values.put("transport", LongPollingClient.TYPE);
		values.put("mode", "load");
		values.put("clients", "100");
		values.put("rooms", "10");
		values.put("publishers", "");
		values.put("rate", "100");
		values.put("size", "256");
		values.put("warmup", "5");
		values.put("duration", "15");
		values.put("drain", "10");
		values.put("server-pid", "0");
		values.put("setup-concurrency", "64");
		values.put("publish-url", "");
		values.put("publish-server-pid", "0");
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0 || !values.containsKey(arg.substring(2, equals))) {
				throw new IllegalArgumentException("Unknown argument '" + arg + "'; known: " + values.keySet());
			}
			values.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		int clients = Integer.parseInt(values.get("clients"));
		String publishers = values.get("publishers");
		LoadOptions options = new LoadOptions(values.get("scenario"), values.get("url"), values.get("transport"),
				values.get("mode"), clients, Integer.parseInt(values.get("rooms")),
				publishers.isEmpty() ? clients : Integer.parseInt(publishers), Double.parseDouble(values.get("rate")),
				Integer.parseInt(values.get("size")), seconds(values.get("warmup")), seconds(values.get("duration")),
				seconds(values.get("drain")), Long.parseLong(values.get("server-pid")),
				Integer.parseInt(values.get("setup-concurrency")),
				values.get("publish-url").isEmpty() ? values.get("url") : values.get("publish-url"),
				Long.parseLong(values.get("publish-server-pid")));
		options.validate();
		return options;
	}

	private static Duration seconds(String value) {
		return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
	}

	private void validate() {
		if (!this.transport.equals(LongPollingClient.TYPE) && !this.transport.equals(WebSocketClient.TYPE)) {
			throw new IllegalArgumentException("transport must be long-polling or websocket");
		}
		if (!this.mode.equals("load") && !this.mode.equals("idle")) {
			throw new IllegalArgumentException("mode must be load or idle");
		}
		if (this.clients < 1 || this.rooms < 1 || this.rooms > this.clients || this.publishers < 1
				|| this.publishers > this.clients || this.rate <= 0 || this.size < 0 || this.setupConcurrency < 1) {
			throw new IllegalArgumentException("need 1 <= rooms <= clients, 1 <= publishers <= clients, rate > 0");
		}
	}

	/**
	 * The room channel of a client. Rooms live under {@code /bench/**}, away from the channels that an
	 * application may moderate or record (the sample app does so on its {@code /rooms/*}): the benchmark
	 * measures the server, not application listeners.
	 * @param index a client's index
	 * @return the room channel of that client
	 */
	public String roomOf(int index) {
		return "/bench/room" + (index % this.rooms);
	}

}
