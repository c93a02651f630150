package io.github.cometdboot.benchmark.flood;

import java.time.Duration;
import java.util.List;

import io.github.cometdboot.benchmark.load.LongPollingClient;
import io.github.cometdboot.benchmark.load.Wire;
import reactor.core.publisher.Mono;

/**
 * Sessions that publish as fast as the server answers, each on a connection of its own, every other
 * message on the channel the healthy client listens to and the others on a channel of the session's
 * own. A session never connects, so the server prunes it after {@code max-interval}: the loop then
 * handshakes again, as an attacker would.
 */
final class PublishFlood extends HttpAttack {

	private static final String HANDSHAKE = Wire.handshake(LongPollingClient.TYPE);

	private final String sharedChannel;

	private final String padding;

	/**
	 * @param url the Bayeux URL
	 * @param addresses the local addresses the sessions' connections take in turn
	 * @param sessions how many sessions, each publishing on a connection of its own
	 * @param sharedChannel the channel the healthy client listens to
	 * @param size the size of each message's data, in characters
	 */
	PublishFlood(String url, List<String> addresses, int sessions, String sharedChannel, int size) {
		super("publish flood", url, addresses, sessions);
		this.sharedChannel = sharedChannel;
		this.padding = "x".repeat(size);
	}

	/** One session: handshake, then publish until the server no longer knows the session. */
	@Override
	protected Mono<Void> loop(int loop, BayeuxPost post) {
		return post.send(HANDSHAKE, "").flatMap((handshake) -> {
			String clientId = handshake.clientId();
			if (clientId == null) {
				outcomes().add("handshake " + handshake.outcome());
				// Refused (rate, session limit): try again in a second rather than flood with handshakes.
				return Mono.delay(Duration.ofSeconds(1)).then();
			}
			String ownChannel = "/flood/other/" + loop;
			long[] sent = { 0 };
			return Mono.<BayeuxPost.Reply>defer(() -> {
				String channel = ((sent[0]++ % 2) == 0) ? this.sharedChannel : ownChannel;
				return post.send(publish(clientId, channel), handshake.cookie());
			})
				.doOnNext((reply) -> outcomes().add(reply.outcome()))
				.repeat(this::isRunning)
				.takeUntil(BayeuxPost.Reply::sessionUnknown)
				.then();
		});
	}

	private String publish(String clientId, String channel) {
		// Data without a probe's fields: the healthy client reads it and does not count it.
		return "[{\"channel\":\"" + channel + "\",\"clientId\":\"" + clientId + "\",\"data\":{\"flood\":\""
				+ this.padding + "\"}}]";
	}

}
