package io.github.cometdboot.benchmark.load;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.transport.ClientTransport;
import reactor.core.publisher.Mono;

/**
 * A client that is the official CometD Java client ({@code org.cometd.client.BayeuxClient}), so that a
 * run measures the servers with a client neither of them ships, as their users would drive them.
 * <p>
 * The CometD client runs its own connect loop and follows the server's advice (a {@code 402} makes it
 * handshake again): every failed reply is booked as an error, so a session that a server dropped shows
 * in the summary even when the client recovers from it.
 */
public final class CometdJavaClient extends BayeuxClient {

	private final org.cometd.client.BayeuxClient client;

	/**
	 * @param index the client's index
	 * @param room the room channel
	 * @param ledger the run's books
	 * @param url the Bayeux URL
	 * @param transport the CometD client transport, one per client (see {@link CometdClients})
	 * @param clients the resources the clients share
	 */
	CometdJavaClient(int index, String room, Ledger ledger, String url, ClientTransport transport,
			CometdClients clients) {
		super(index, room, ledger);
		this.client = new org.cometd.client.BayeuxClient(url, clients.scheduler(), transport);
		this.client.getChannel(Channel.META_CONNECT).addListener((ClientSessionChannel.MessageListener) this::onConnectReply);
	}

	@Override
	public Mono<Void> start() {
		CompletableFuture<Void> subscribed = new CompletableFuture<>();
		this.client.handshake((handshake) -> {
			if (!handshake.isSuccessful()) {
				subscribed.completeExceptionally(new IllegalStateException("handshake failed: " + handshake));
				return;
			}
			clientId(handshake.getClientId());
			this.client.getChannel(room()).subscribe((channel, message) -> onDelivered(message), (reply) -> {
				if (reply.isSuccessful()) {
					subscribed.complete(null);
				}
				else {
					subscribed.completeExceptionally(new IllegalStateException("subscribe failed: " + reply));
				}
			});
		});
		return Mono.fromFuture(subscribed).timeout(REPLY_TIMEOUT);
	}

	@Override
	public void publish(String channel, int stream, long sequence, long sentNanos, String padding) {
		Map<String, Object> probe = Map.of("p", stream, "s", sequence, "t", sentNanos, "x", padding);
		this.client.getChannel(channel).publish(probe, (reply) -> {
			if (!reply.isSuccessful()) {
				ledger().error("publish failed: " + reply.get(Message.ERROR_FIELD));
			}
		});
	}

	@Override
	public Mono<Void> stop() {
		halt();
		CompletableFuture<Void> gone = new CompletableFuture<>();
		this.client.disconnect((reply) -> gone.complete(null));
		return Mono.fromFuture(gone).timeout(Duration.ofSeconds(5)).onErrorResume((ex) -> Mono.empty());
	}

	@Override
	public void vanish() {
		halt();
		this.client.abort();
	}

	private void onConnectReply(ClientSessionChannel channel, Message reply) {
		ledger().connectReplied();
		if (!reply.isSuccessful() && isRunning()) {
			ledger().error("/meta/connect failed: " + reply.get(Message.ERROR_FIELD));
		}
	}

	private void onDelivered(Message message) {
		if (message.getData() instanceof Map<?, ?> data && data.get("p") instanceof Number publisher
				&& data.get("s") instanceof Number sequence && data.get("t") instanceof Number sentNanos) {
			delivered(new Received(message.getChannel(), null, null, null, null, publisher.intValue(),
					sequence.longValue(), sentNanos.longValue()));
		}
	}

}
