package io.github.cometdboot.server.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.server.session.EncodedMessage;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The history of this process, in memory: each channel that keeps history has a bounded log (by
 * size and by age) and its own offset counter. The epoch is random per instance, so a restarted server
 * is told apart from the one whose offsets a client remembers.
 * <p>
 * A channel's log keeps its counter for the life of the instance, even once all its messages have aged
 * out: an offset is never given twice in an epoch.
 */
public final class InMemoryChannelHistory implements ChannelHistory {

	private final List<HistoryRetention> retentions;

	private final LongSupplier clock;

	private final String epoch;

	private final Map<ChannelId, Log> logs = new ConcurrentHashMap<>();

	/**
	 * Create a history with a new random epoch.
	 * @param retentions which channels keep how much; the first whose pattern matches a channel applies
	 * @param clock the current time in milliseconds
	 */
	public InMemoryChannelHistory(List<HistoryRetention> retentions, LongSupplier clock) {
		this(retentions, clock, HistoryPosition.randomEpoch());
	}

	/**
	 * Create a history with the given epoch.
	 * @param retentions which channels keep how much
	 * @param clock the current time in milliseconds
	 * @param epoch the epoch
	 */
	public InMemoryChannelHistory(List<HistoryRetention> retentions, LongSupplier clock, String epoch) {
		this.retentions = List.copyOf(retentions);
		this.clock = clock;
		this.epoch = epoch;
	}

	@Override
	public boolean keeps(ChannelId channel) {
		return retentionOf(channel) != null;
	}

	@Override
	public String epoch() {
		return this.epoch;
	}

	@Override
	public Mono<EncodedMessage> append(ChannelId channel, Function<HistoryPosition, EncodedMessage> encoder) {
		return Mono.fromSupplier(() -> {
			HistoryRetention retention = retentionOf(channel);
			if (retention == null) {
				throw new IllegalArgumentException("No history is kept for " + channel);
			}
			return this.logs.computeIfAbsent(channel, (key) -> new Log(retention))
				.append(encoder, this.clock.getAsLong());
		});
	}

	@Override
	public Mono<HistoryPosition> latest(ChannelId channel) {
		return Mono.fromSupplier(() -> {
			Log log = this.logs.get(channel);
			return new HistoryPosition((log != null) ? log.lastOffset() : 0, this.epoch);
		});
	}

	@Override
	public Mono<Recovery> after(ChannelId channel, HistoryPosition position) {
		return Mono.fromSupplier(() -> {
			if (!keeps(channel)) {
				return Recovery.impossible(Recovery.NOT_KEPT, new HistoryPosition(0, this.epoch));
			}
			Log log = this.logs.get(channel);
			if (log == null) {
				HistoryPosition none = new HistoryPosition(0, this.epoch);
				return position.epoch().equals(this.epoch) && position.offset() == 0 ? Recovery.of(List.of(), none)
						: Recovery.impossible(reasonWhenEmpty(position), none);
			}
			return log.after(position, this.clock.getAsLong());
		});
	}

	private String reasonWhenEmpty(HistoryPosition position) {
		return position.epoch().equals(this.epoch) ? Recovery.UNKNOWN_OFFSET : Recovery.EPOCH_CHANGED;
	}

	private @Nullable HistoryRetention retentionOf(ChannelId channel) {
		return HistoryRetention.of(this.retentions, channel);
	}

	/** The log of one channel; its lock orders the offsets. */
	private final class Log {

		private final HistoryRetention retention;

		private final ArrayDeque<Entry> entries = new ArrayDeque<>();

		private long lastOffset;

		/** The highest offset evicted: a client behind it cannot recover. */
		private long evictedUpTo;

		Log(HistoryRetention retention) {
			this.retention = retention;
		}

		synchronized long lastOffset() {
			return this.lastOffset;
		}

		synchronized EncodedMessage append(Function<HistoryPosition, EncodedMessage> encoder, long now) {
			long offset = this.lastOffset + 1;
			EncodedMessage message = encoder.apply(new HistoryPosition(offset, InMemoryChannelHistory.this.epoch));
			this.lastOffset = offset;
			this.entries.addLast(new Entry(offset, now, message));
			evict(now);
			return message;
		}

		synchronized Recovery after(HistoryPosition position, long now) {
			evict(now);
			HistoryPosition latest = new HistoryPosition(this.lastOffset, InMemoryChannelHistory.this.epoch);
			if (!position.epoch().equals(InMemoryChannelHistory.this.epoch)) {
				return Recovery.impossible(Recovery.EPOCH_CHANGED, latest);
			}
			if (position.offset() > this.lastOffset || position.offset() < 0) {
				return Recovery.impossible(Recovery.UNKNOWN_OFFSET, latest);
			}
			if (position.offset() < this.evictedUpTo) {
				return Recovery.impossible(Recovery.TOO_OLD, latest);
			}
			List<EncodedMessage> messages = new ArrayList<>();
			for (Entry entry : this.entries) {
				if (entry.offset() > position.offset()) {
					messages.add(entry.message());
				}
			}
			return Recovery.of(messages, latest);
		}

		private void evict(long now) {
			long maxAge = this.retention.maxAge().toMillis();
			while (!this.entries.isEmpty() && (this.entries.size() > this.retention.size()
					|| now - this.entries.peekFirst().time() > maxAge)) {
				this.evictedUpTo = this.entries.pollFirst().offset();
			}
		}

	}

	private record Entry(long offset, long time, EncodedMessage message) {
	}

}
