package io.github.cometdboot.server;

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
