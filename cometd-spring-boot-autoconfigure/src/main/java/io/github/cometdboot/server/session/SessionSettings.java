package io.github.cometdboot.server.session;

import java.time.Duration;

/**
 * What a session needs of the server's settings.
 *
 * @param interval the interval between connects a new session is advised
 * @param maxQueue how many messages a session's queue (or acknowledgement buffer) holds
 * @param overflowPolicy what happens when it is full
 */
public record SessionSettings(Duration interval, int maxQueue, OverflowPolicy overflowPolicy) {

	/**
	 * Validate the settings.
	 */
	public SessionSettings {
		if (maxQueue < 1) {
			throw new IllegalArgumentException("maxQueue must be at least 1");
		}
		if (overflowPolicy == null) {
			throw new IllegalArgumentException("overflowPolicy is required");
		}
	}

}
