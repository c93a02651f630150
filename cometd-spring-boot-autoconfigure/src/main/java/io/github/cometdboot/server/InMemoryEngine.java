package io.github.cometdboot.server;

import io.github.cometdboot.server.session.EncodedMessage;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The embedded engine: a publication goes straight to this node's subscribers, synchronously, so each
 * subscriber sees one publisher's messages in the order they were published.
 */
public final class InMemoryEngine implements BayeuxEngine {

	private volatile @Nullable LocalDelivery localDelivery;

	@Override
	public void start(LocalDelivery localDelivery) {
		this.localDelivery = localDelivery;
	}

	@Override
	public Mono<Void> publish(EncodedMessage message, @Nullable String publisherId) {
		return Mono.fromRunnable(() -> {
			LocalDelivery delivery = this.localDelivery;
			if (delivery == null) {
				throw new IllegalStateException("Engine not started");
			}
			delivery.deliver(message, publisherId);
		});
	}

}
