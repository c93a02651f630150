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
 * @param client {@code own} (this generator's lean wire client) or {@code cometd} (the official CometD
 *     Java client, {@link CometdJavaClient})
 * @param mode {@code load} (publish and measure) or {@code idle} (hold sessions for a memory reading)
 * @param clients how many clients
 * @param rooms how many room channels; client {@code i} is in room {@code i % rooms}
 * @param publishers how many of the clients publish (the first ones, spread over the rooms)
 * @param publishToAllRooms whether each publisher publishes on every room in turn ({@code --publish-to=all})
 *     rather than on its own room only ({@code --publish-to=own}, the default): with few publishers, every
 *     client then receives, as in a chat where a feed posts to every room
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
public record LoadOptions(String scenario, String url, String transport, String client, String mode, int clients,
		int rooms, int publishers, boolean publishToAllRooms, double rate, int size, Duration warmup, Duration duration,
		Duration drain, long serverPid, int setupConcurrency, String publishUrl, long publishServerPid) {

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
		values.put("client", "own");
		values.put("mode", "load");
		values.put("clients", "100");
		values.put("rooms", "10");
		values.put("publishers", "");
		values.put("publish-to", "own");
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
				values.get("client"), values.get("mode"), clients, Integer.parseInt(values.get("rooms")),
				publishers.isEmpty() ? clients : Integer.parseInt(publishers), publishTo(values.get("publish-to")),
				Double.parseDouble(values.get("rate")),
				Integer.parseInt(values.get("size")), seconds(values.get("warmup")), seconds(values.get("duration")),
				seconds(values.get("drain")), Long.parseLong(values.get("server-pid")),
				Integer.parseInt(values.get("setup-concurrency")),
				values.get("publish-url").isEmpty() ? values.get("url") : values.get("publish-url"),
				Long.parseLong(values.get("publish-server-pid")));
		options.validate();
		return options;
	}

	private static boolean publishTo(String value) {
		if (!value.equals("own") && !value.equals("all")) {
			throw new IllegalArgumentException("publish-to must be own or all");
		}
		return value.equals("all");
	}

	private static Duration seconds(String value) {
		return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
	}

	private void validate() {
		if (!this.transport.equals(LongPollingClient.TYPE) && !this.transport.equals(WebSocketClient.TYPE)) {
			throw new IllegalArgumentException("transport must be long-polling or websocket");
		}
		if (!this.client.equals("own") && !this.client.equals("cometd")) {
			throw new IllegalArgumentException("client must be own or cometd");
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
		return room(index % this.rooms);
	}

	/**
	 * @param stream a stream
	 * @return the room channel it is published on
	 */
	public String roomOfStream(int stream) {
		return room(roomIndexOf(stream));
	}

	private static String room(int roomIndex) {
		return "/bench/room" + roomIndex;
	}

	/**
	 * How many probe streams there are: a stream is what one publisher sends to one room, numbered on
	 * its own, and a probe names its stream as its publisher. A publisher has one stream (its room) or
	 * one per room ({@link #publishToAllRooms()}).
	 * @return the number of streams
	 */
	public int streams() {
		return this.publishToAllRooms ? this.publishers * this.rooms : this.publishers;
	}

	/**
	 * @param stream a stream, from 0 to {@link #streams()}; consecutive streams have other publishers
	 * @return the index of the client that publishes it
	 */
	public int publisherOf(int stream) {
		return stream % this.publishers;
	}

	/**
	 * @param stream a stream
	 * @return the index of the room it is published on: a client {@code i} receives it when
	 *     {@code i % rooms} is that index
	 */
	public int roomIndexOf(int stream) {
		return this.publishToAllRooms ? stream / this.publishers : stream % this.rooms;
	}

}
