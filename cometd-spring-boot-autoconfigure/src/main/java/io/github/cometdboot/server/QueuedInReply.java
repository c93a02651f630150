package io.github.cometdboot.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.EncodedMessage;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The reply to a polling client's request (a publish, a subscribe) carries the messages queued for
 * its session while the request is processed, as CometD's replies do. A client's own broadcast
 * comes back in its publish reply instead of waking its held {@code /meta/connect}, which saves a
 * long-poll round trip per publish.
 * <p>
 * The held connect stays held only while the request is processed on the calling thread: when the
 * processing waits (on Redis, on an asynchronous listener), messages wake the connect as usual, and
 * the reply takes what is still queued when it is ready. Not for connects, handshakes and
 * disconnects, for pushing transports, for a session whose messages a pushing connection carries (a
 * stream opened by GET while the client POSTs its requests, whatever connection type it named last
 * and whatever cookies the POST carries: the stream must not lose its messages to a reply), nor for a
 * client that acknowledges (its messages travel in numbered connect replies only).
 */
final class QueuedInReply {

	private final BayeuxServer server;

	private final BrowserBinding binding;

	QueuedInReply(BayeuxServer server, BrowserBinding binding) {
		this.server = server;
		this.binding = binding;
	}

	/**
	 * The session whose queued messages the replies to a batch carry.
	 * @param batch the batch of one request
	 * @param context the request
	 * @return the session, or {@code null} when the replies carry no queued messages
	 */
	@Nullable ServerSession requester(List<Message> batch, TransportContext context) {
		if (context.pushesMessages() || batch.isEmpty()) {
			return null;
		}
		String clientId = batch.get(0).clientId();
		for (Message message : batch) {
			String channel = message.channel();
			if (MetaChannels.CONNECT.equals(channel) || MetaChannels.HANDSHAKE.equals(channel)
					|| MetaChannels.DISCONNECT.equals(channel) || !Objects.equals(clientId, message.clientId())) {
				return null;
			}
		}
		ServerSession session = SessionSharing.live(this.server.sessions().find(clientId));
		// The browser check keeps a request with another browser's client id from taking its messages.
		return (session != null && !session.isEnded() && !session.isAcknowledging() && !session.isPushed()
				&& this.binding.allows(session, context.browserId())) ? session : null;
	}

	/**
	 * Process a request so that its replies carry what is queued for the session meanwhile.
	 * @param replies processes the request when subscribed
	 * @param session the requesting session
	 * @return the replies, the last carrying the session's queued messages
	 */
	Mono<List<Reply>> carry(Mono<List<Reply>> replies, ServerSession session) {
		return Mono.create((sink) -> {
			AtomicBoolean ended = new AtomicBoolean();
			Runnable end = () -> {
				if (ended.compareAndSet(false, true)) {
					session.endRequest();
				}
			};
			session.startRequest();
			Disposable processing = replies.map((processed) -> withQueued(processed, session))
				.doFinally((signal) -> end.run())
				.subscribe(sink::success, sink::error);
			// Done already, or waiting on something: from now on messages wake the held connect.
			end.run();
			sink.onDispose(processing);
		});
	}

	/** Every reply of the batch answers the session: the last one carries its messages, and names it. */
	private List<Reply> withQueued(List<Reply> replies, ServerSession session) {
		int last = replies.size() - 1;
		if (last < 0 || session.isEnded()) {
			return replies;
		}
		List<EncodedMessage> queued = this.server.sessionHub().drain(session);
		if (queued.isEmpty()) {
			return replies;
		}
		Reply reply = replies.get(last);
		List<EncodedMessage> carried = new ArrayList<>(reply.queued().size() + queued.size());
		carried.addAll(reply.queued());
		carried.addAll(queued);
		List<Reply> withQueued = new ArrayList<>(replies);
		// Named, so that a cluster engine records how far the session was served before the reply goes.
		withQueued.set(last, new Reply(reply.message(), carried, session));
		return withQueued;
	}

}
