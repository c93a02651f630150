package io.github.cometdboot.benchmark.flood;

import java.util.List;

import io.github.cometdboot.benchmark.load.LongPollingClient;
import io.github.cometdboot.benchmark.load.Wire;
import reactor.core.publisher.Mono;

/**
 * POSTs of {@code /meta/handshake}, as fast as the server answers, from many connections: each
 * handshake without a cookie, a new browser every time, and never a connect, so that every session it
 * gets stays until the server prunes it.
 */
final class HandshakeFlood extends HttpAttack {

	private static final String HANDSHAKE = Wire.handshake(LongPollingClient.TYPE);

	/**
	 * @param url the Bayeux URL
	 * @param addresses the local addresses the connections take in turn
	 * @param connections how many connections, each with a handshake in flight
	 */
	HandshakeFlood(String url, List<String> addresses, int connections) {
		super("handshake flood, " + addresses.size() + ((addresses.size() == 1) ? " address" : " addresses"),
				url, addresses, connections);
	}

	@Override
	protected Mono<Void> loop(int loop, BayeuxPost post) {
		return post.send(HANDSHAKE, "").doOnNext((reply) -> outcomes().add(reply.outcome())).then();
	}

}
