package io.github.cometdboot.server;

import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.EncodedMessage;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Carries publications to the subscribers of every node. The in-memory engine delivers them to this
 * node's subscribers only; a cluster engine (Redis) also sends them to the other nodes, which hand
 * them to their own {@link LocalDelivery}.
 */
public interface BayeuxEngine {

	/**
	 * Called once, before the first publish, with where messages for this node's subscribers go.
	 * @param localDelivery this node's delivery
	 */
	void start(LocalDelivery localDelivery);

	/**
	 * Publish an encoded message on its channel.
	 * @param message the message
	 * @param publisherId the {@code clientId} of the publishing session, or {@code null} when the
	 * server publishes
	 * @return a mono that completes once the message was handed over, or errors if it could not be
	 */
	Mono<Void> publish(EncodedMessage message, @Nullable String publisherId);

	/**
	 * Send a message addressed to sessions ({@link Recipient}) to the other nodes, which queue it for
	 * the matching sessions they hold. The caller already delivered it to this node's sessions. The
	 * embedded engine has no other node: it does nothing.
	 * @param recipient the session or user it is addressed to
	 * @param message the encoded message
	 * @return a mono that completes once the message was handed over, or errors if it could not be
	 */
	default Mono<Void> forward(Recipient recipient, EncodedMessage message) {
		return Mono.empty();
	}

	/**
	 * Whether the engine shares sessions, so that any node can carry on a session that another node
	 * held: a stopping node then leaves its sessions to the others instead of ending them.
	 * @return {@code false} for the embedded engine
	 */
	default boolean sharesSessions() {
		return false;
	}

	/**
	 * Look up a session that this node does not hold but the cluster shares.
	 * @param clientId the client id
	 * @return what is shared of it, or empty when no node has it
	 */
	default Mono<SessionSnapshot> findSession(String clientId) {
		return Mono.empty();
	}

	/**
	 * Take a shared session over: it is registered on this node already; the engine makes this node its
	 * owner, delivers the messages the client has not received yet, in order, and then the live ones.
	 * @param session the session, registered on this node with its shared id
	 * @return whether it was taken over; {@code false} when its undelivered messages are no longer
	 * available (the client must handshake again)
	 */
	default Mono<Boolean> adoptSession(ServerSession session) {
		return Mono.just(false);
	}

	/**
	 * Record a session's shared state after a request, before its replies go out.
	 * @param session the session
	 * @return whether this node still owns it; when {@code false}, the messages just taken from its
	 * queue must not be written (the new owner delivers them)
	 */
	default Mono<Boolean> saveSession(ServerSession session) {
		return Mono.just(true);
	}

	/**
	 * Take a session's queued messages for writing. A cluster engine records, atomically with the
	 * take, how far in its stream the client has been served.
	 * @param session the session
	 * @param drain takes the queued messages
	 * @return the messages to write
	 */
	default List<EncodedMessage> drain(ServerSession session, Supplier<List<EncodedMessage>> drain) {
		return drain.get();
	}

	/**
	 * A session of this node ended (not moved): forget what is shared of it.
	 * @param session the session
	 */
	default void sessionEnded(ServerSession session) {
	}

	/**
	 * Whether the engine can carry publications to every node right now (a cluster engine reports its
	 * broker connection); the embedded engine always can.
	 * @return a mono of the answer
	 */
	default Mono<Boolean> isAvailable() {
		return Mono.just(true);
	}

	/**
	 * Release the engine's resources.
	 */
	default void stop() {
	}

}
