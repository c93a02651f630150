package io.github.cometdboot.server.history;

import java.time.Duration;
import java.util.List;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.bayeux.ChannelPattern;
import org.jspecify.annotations.Nullable;

/**
 * Which channels keep a history, and how much of it.
 *
 * @param pattern the broadcast channels it applies to, such as {@code /rooms/*}
 * @param size how many messages each channel keeps at most, the oldest going first
 * @param maxAge how long a message is kept at most
 */
public record HistoryRetention(ChannelPattern pattern, int size, Duration maxAge) {

	/**
	 * Validate the retention.
	 */
	public HistoryRetention {
		if (size < 1) {
			throw new IllegalArgumentException("History size must be at least 1");
		}
		if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
			throw new IllegalArgumentException("History max age must be positive");
		}
	}

	/**
	 * The retention that applies to a channel.
	 * @param retentions the retentions, the first whose pattern matches a channel applying
	 * @param channel the channel
	 * @return the retention, or {@code null} when the channel keeps no history (no match, not a broadcast
	 * channel, or a wildcard)
	 */
	public static @Nullable HistoryRetention of(List<HistoryRetention> retentions, ChannelId channel) {
		if (!channel.isBroadcast() || channel.isWildcard()) {
			return null;
		}
		for (HistoryRetention retention : retentions) {
			if (retention.pattern().match(channel) != null) {
				return retention;
			}
		}
		return null;
	}

}
