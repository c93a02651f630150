package io.github.cometdboot.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.Message;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.AcknowledgedDelivery;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The hub's side of sessions shared by a cluster engine: a request for a session this node does not
 * hold adopts it from the engine, and after each request the session's shared state is recorded
 * before the reply goes out. With the embedded engine neither does anything.
 */
final class SessionSharing {

	private static final Logger logger = LoggerFactory.getLogger(SessionSharing.class);

	private final BayeuxServer server;

	SessionSharing(BayeuxServer server) {
		this.server = server;
	}

	/**
	 * A session found on this node, unless it just moved to another node (then it is taken back).
	 * @param session the session found, or {@code null}
	 * @return the session, or {@code null} when none or moved
	 */
	static @Nullable ServerSession live(@Nullable ServerSession session) {
		return (session != null && session.endReason() == DisconnectReason.MOVED) ? null : session;
	}

	/**
	 * Take over a session that another node holds (or held, before it stopped).
	 * @param clientId the client id of the request
	 * @param context the request
	 * @return the session, now on this node; empty when no node shares it or the request does not
	 * belong to it
	 */
	Mono<ServerSession> adopt(String clientId, TransportContext context) {
		BayeuxEngine engine = this.server.engine();
		return engine.findSession(clientId).filter((snapshot) -> snapshot.admits(context)).flatMap((snapshot) -> {
			ServerSession created = new ServerSession(clientId, snapshot.browserId(), context.connectionType(),
					this.server.now(), this.server.settings().sessionSettings());
			created.principal(context.principal());
			created.attach(this.server.sessionHub());
			ServerSettings settings = this.server.settings();
			if (snapshot.acknowledges() && settings.acknowledgedDelivery()) {
				// The client acknowledges by the numbers of the previous node's replies: carry them on.
				AcknowledgedDelivery acknowledgements = AcknowledgedDelivery.forSession(settings.sessionSettings());
				acknowledgements.continueAfter(snapshot.lastBatch());
				created.acknowledgeWith(acknowledgements);
			}
			// The client connected before, elsewhere: its connect here waits for the messages it missed
			// instead of being answered at once, empty, as a first connect is.
			created.markConnected();
			ServerSession session = this.server.sessions().addIfAbsent(created);
			if (session != created) {
				// Another request of the same client adopted it a moment ago.
				return Mono.just(session);
			}
			return engine.adoptSession(session)
				.onErrorResume((ex) -> {
					logger.warn("Could not take over session {}", clientId, ex);
					return Mono.just(false);
				})
				.flatMap((adopted) -> {
					if (!adopted) {
						this.server.sessions().remove(session);
						return Mono.empty();
					}
					logger.debug("Took over session {}", clientId);
					return Mono.just(session);
				});
		});
	}

	/**
	 * Record the shared state of the batch's session before the replies go out. When the session
	 * moved to another node meanwhile, its queued messages are left out of the replies, with the batch
	 * number that would have acknowledged them: the new owner delivers them again.
	 * @param replies the replies of one batch
	 * @return the replies to send
	 */
	Mono<List<Reply>> record(List<Reply> replies) {
		ServerSession session = null;
		for (Reply reply : replies) {
			if (reply.session() != null) {
				session = reply.session();
			}
		}
		if (session == null) {
			return Mono.just(replies);
		}
		return this.server.engine().saveSession(session).map((owned) -> owned ? replies : withoutQueued(replies));
	}

	private static List<Reply> withoutQueued(List<Reply> replies) {
		List<Reply> stripped = new ArrayList<>(replies.size());
		for (Reply reply : replies) {
			@Nullable ServerSession session = reply.session();
			Map<String, Object> ext = reply.message().ext();
			if (ext != null && ext.get(AckExtension.FIELD) instanceof Number) {
				// A connect reply's batch number: the client must not acknowledge what it did not get.
				ext.remove(AckExtension.FIELD);
				if (ext.isEmpty()) {
					reply.message().put(Message.EXT, null);
				}
			}
			stripped.add(reply.queued().isEmpty() ? reply : new Reply(reply.message(), List.of(), session));
		}
		return stripped;
	}

}
