package io.github.cometdboot.server;

import java.util.List;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.history.ChannelHistory;
import io.github.cometdboot.server.history.HistoryPosition;
import io.github.cometdboot.server.history.Recovery;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.RecoveryBuffer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * A subscription to one channel that keeps history: the reply tells the channel's newest position, and
 * a subscribe that names the position of the last message received first queues what came after it,
 * then the live messages, none twice (see {@link RecoveryBuffer}), or says why it cannot.
 */
final class HistorySubscription {

	/** The reason given when the history could not be read (a store that is down, say). */
	static final String UNAVAILABLE = "unavailable";

	private final BayeuxServer server;

	HistorySubscription(BayeuxServer server) {
		this.server = server;
	}

	/** @return whether a subscribe to these channels goes through history: one channel that keeps it */
	boolean appliesTo(List<ChannelId> channels) {
		return channels.size() == 1 && this.server.history().keeps(channels.get(0));
	}

	/**
	 * Subscribe, recovering if asked.
	 * @param request the subscribe request
	 * @param session its session
	 * @param channel the channel, which keeps history
	 * @param success the successful reply, completed here
	 * @return the reply, once the history was read
	 */
	Mono<Reply> subscribe(Message request, ServerSession session, ChannelId channel, Reply success) {
		ChannelHistory history = this.server.history();
		@Nullable HistoryPosition requested = HistoryExtension.requested(request);
		if (requested == null) {
			this.server.subscribe(session, channel);
			return history.latest(channel).map((latest) -> {
				HistoryExtension.describe(success.message(), latest, null);
				return success;
			}).onErrorReturn(success);
		}
		session.startRecovery(channel);
		this.server.subscribe(session, channel);
		return history.after(channel, requested)
			.onErrorResume((ex) -> Mono.just(Recovery.impossible(UNAVAILABLE, new HistoryPosition(0, history.epoch()))))
			.map((recovery) -> {
				long received = recovery.recovered() ? requested.offset() : -1;
				int overflow = session.finishRecovery(channel, recovery.messages(), received);
				if (overflow > 0) {
					this.server.overflowed(session, overflow);
				}
				HistoryExtension.describe(success.message(), recovery.latest(), recovery);
				return success;
			})
			// A request abandoned midway (its connection closed) must not hold the live messages back.
			.doFinally((signal) -> {
				if (signal == SignalType.CANCEL) {
					session.finishRecovery(channel, List.of(), -1);
				}
			});
	}

}
