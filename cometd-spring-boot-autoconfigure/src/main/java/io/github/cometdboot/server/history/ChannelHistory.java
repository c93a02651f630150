package io.github.cometdboot.server.history;

import java.util.function.Function;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.server.session.EncodedMessage;
import reactor.core.publisher.Mono;

/**
 * Stores the recent messages of the channels that keep a history, each at a position (a monotonic
 * offset per channel, and the epoch of the store).
 * <p>
 * Contract, for every implementation (in memory, or shared by a cluster, such as a Redis Stream per
 * channel with its entry id mapped to the offset):
 * <ul>
 * <li>{@link #append} gives each message of a channel an offset greater than every earlier one of that
 * channel, in the order of the calls, and stores the message it is given (encoded with its position) as
 * one entry. The first message of a channel in an epoch gets offset {@code 1}, or more; offsets need not
 * be consecutive, but {@link #after} must then know which were evicted.</li>
 * <li>{@link #after} returns every stored message with a greater offset, oldest first, if none
 * between the position and the oldest kept one was evicted; else it says plainly why it cannot
 * ({@link Recovery}). It never returns a message twice nor out of order.</li>
 * <li>The epoch changes whenever offsets could start again or messages could vanish without being
 * evicted (a new in-memory store, a deleted stream): clients compare it to tell.</li>
 * <li>Methods may be called from any thread and must not block; the monos may complete on any thread.</li>
 * </ul>
 */
public interface ChannelHistory {

	/** A history that keeps nothing. */
	ChannelHistory NONE = new ChannelHistory() {

		@Override
		public boolean keeps(ChannelId channel) {
			return false;
		}

		@Override
		public String epoch() {
			return "none";
		}

		@Override
		public Mono<EncodedMessage> append(ChannelId channel, Function<HistoryPosition, EncodedMessage> encoder) {
			return Mono.error(new IllegalStateException("No history is kept for " + channel));
		}

		@Override
		public Mono<HistoryPosition> latest(ChannelId channel) {
			return Mono.just(new HistoryPosition(0, epoch()));
		}

		@Override
		public Mono<Recovery> after(ChannelId channel, HistoryPosition position) {
			return Mono.just(Recovery.impossible(Recovery.NOT_KEPT, new HistoryPosition(0, epoch())));
		}

	};

	/**
	 * Whether a channel keeps a history.
	 * @param channel a broadcast channel, not a wildcard
	 * @return whether its messages go through {@link #append}
	 */
	boolean keeps(ChannelId channel);

	/** @return the current epoch */
	String epoch();

	/**
	 * Give a message its position on a channel that keeps history, and store it.
	 * @param channel the channel
	 * @param encoder encodes the message with its position (the position goes into the message)
	 * @return the stored message, to publish
	 */
	Mono<EncodedMessage> append(ChannelId channel, Function<HistoryPosition, EncodedMessage> encoder);

	/**
	 * The position of the newest message of a channel, for a client that subscribes without recovering:
	 * it recovers from there later.
	 * @param channel the channel
	 * @return the position, with offset {@code 0} when the channel has no message yet in this epoch
	 */
	Mono<HistoryPosition> latest(ChannelId channel);

	/**
	 * The messages of a channel after a position.
	 * @param channel the channel
	 * @param position the position of the last message the client received
	 * @return the recovery
	 */
	Mono<Recovery> after(ChannelId channel, HistoryPosition position);

}
