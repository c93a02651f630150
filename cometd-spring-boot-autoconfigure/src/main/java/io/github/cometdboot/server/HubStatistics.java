package io.github.cometdboot.server;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.github.cometdboot.ChannelKind;

/**
 * Running totals of what the hub did, always kept: a {@link LongAdder} increment per event, so that
 * the actuator endpoint and metrics read them without adding work on the message path.
 */
public final class HubStatistics implements ServerObserver {

	/** The handshake outcomes counted, in {@link #handshakeCount(String)}. */
	public static final List<String> HANDSHAKE_OUTCOMES = List.of("success", "denied", "no_transport");

	private final LongAdder[] handshakes = adders(HANDSHAKE_OUTCOMES.size());

	private final LongAdder[] published = adders(ChannelKind.values().length);

	private final LongAdder[] delivered = adders(ChannelKind.values().length);

	private final LongAdder[] dropped = adders(DropReason.values().length);

	private final LongAdder[] refused = adders(RefusalReason.values().length);

	@Override
	public void handshake(String outcome) {
		int index = HANDSHAKE_OUTCOMES.indexOf(outcome);
		if (index >= 0) {
			this.handshakes[index].increment();
		}
	}

	@Override
	public void published(ChannelKind kind) {
		this.published[kind.ordinal()].increment();
	}

	@Override
	public void delivered(ChannelKind kind, int sessions) {
		this.delivered[kind.ordinal()].add(sessions);
	}

	@Override
	public void dropped(DropReason reason, int count) {
		this.dropped[reason.ordinal()].add(count);
	}

	@Override
	public void refused(RefusalReason reason) {
		this.refused[reason.ordinal()].increment();
	}

	/**
	 * @param outcome one of {@link #HANDSHAKE_OUTCOMES}
	 * @return the handshakes answered with that outcome
	 */
	public long handshakeCount(String outcome) {
		int index = HANDSHAKE_OUTCOMES.indexOf(outcome);
		return (index >= 0) ? this.handshakes[index].sum() : 0;
	}

	/**
	 * @param kind the channel kind
	 * @return the messages published on channels of that kind
	 */
	public long publishedCount(ChannelKind kind) {
		return this.published[kind.ordinal()].sum();
	}

	/**
	 * @param kind the channel kind
	 * @return the deliveries (message × session) queued on channels of that kind
	 */
	public long deliveredCount(ChannelKind kind) {
		return this.delivered[kind.ordinal()].sum();
	}

	/**
	 * @param reason the reason
	 * @return the messages dropped for that reason
	 */
	public long droppedCount(DropReason reason) {
		return this.dropped[reason.ordinal()].sum();
	}

	/**
	 * @param reason the reason
	 * @return the requests refused for that reason
	 */
	public long refusedCount(RefusalReason reason) {
		return this.refused[reason.ordinal()].sum();
	}

	private static LongAdder[] adders(int count) {
		LongAdder[] adders = new LongAdder[count];
		for (int i = 0; i < count; i++) {
			adders[i] = new LongAdder();
		}
		return adders;
	}

}
