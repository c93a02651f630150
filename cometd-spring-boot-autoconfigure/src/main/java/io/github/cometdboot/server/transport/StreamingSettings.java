package io.github.cometdboot.server.transport;

import java.time.Duration;

/**
 * The timing of a streaming response (eventsource, forever-frame, multipart).
 *
 * @param maxDuration how long a response stays open before the server ends it; the client then opens
 * a new one, which bounds what a browser keeps of a streamed document and lets proxies recycle
 * connections
 * @param heartbeat how long a response may stay silent before a heartbeat is written, so that proxies
 * and the client see a live connection
 */
public record StreamingSettings(Duration maxDuration, Duration heartbeat) {

	/**
	 * Validate the settings.
	 */
	public StreamingSettings {
		if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero() || heartbeat == null
				|| heartbeat.isNegative() || heartbeat.isZero()) {
			throw new IllegalArgumentException("maxDuration and heartbeat must be positive");
		}
	}

	/** @return the defaults: responses of at most 5 minutes, a heartbeat after 15 seconds of silence */
	public static StreamingSettings defaults() {
		return new StreamingSettings(Duration.ofMinutes(5), Duration.ofSeconds(15));
	}

}
