package io.github.cometdboot.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.EncodedMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static io.github.cometdboot.server.BayeuxTestClient.data;
import static io.github.cometdboot.server.BayeuxTestClient.lastConnectReply;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An acknowledging session that a cluster engine moves between nodes: the node that takes it over
 * numbers its connect replies after the previous node's, sends again what the client did not
 * acknowledge (and only that), and a node that loses the session in the middle of a request does not
 * give the client a batch number for messages it left out.
 */
class AcknowledgedTakeoverTests {

	private static final String CLIENT_ID = "shared-session";

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final SharingEngine engine = new SharingEngine();

	private final BayeuxServer server = new BayeuxServer(
			ServerSettings.builder().maxInterval(Duration.ofMinutes(1)).build(), new MessageCodec(), this.engine,
			SecurityPolicy.ALLOW_ALL, this.scheduler);

	private final BayeuxTestClient client = BayeuxTestClient.polling(this.server).useClientId(CLIENT_ID);

	@BeforeEach
	void start() {
		this.server.addConnectionType(BayeuxTestClient.LONG_POLLING);
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void takenOverSessionAcknowledgesAndNumbersAfterThePreviousNode() {
		this.engine.shared = new SessionSnapshot(CLIENT_ID, null, null, 7);
		CompletableFuture<List<Map<String, Object>>> held = this.client.sendAsync(connect(7));
		assertThat(this.client.session().isAcknowledging()).isTrue();
		assertThat(held).as("the client received batch 7: nothing to send").isNotDone();
		this.server.deliver(this.client.session(), ChannelId.of("/feed"), "fresh");
		assertThat(data(held.join().subList(0, 1))).containsExactly("fresh");
		assertThat(batchOf(lastConnectReply(held.join()))).isEqualTo(8);
	}

	@Test
	void messagesOfABatchTheClientDidNotAcknowledgeAreSentAgainBeforeNewerOnes() {
		this.engine.shared = new SessionSnapshot(CLIENT_ID, null, null, 7);
		// The reply of batch 7 was cut by the previous node's crash: the client acknowledges 6.
		CompletableFuture<List<Map<String, Object>>> held = this.client.sendAsync(connect(6));
		ServerSession session = this.client.session();
		TreeMap<Long, List<EncodedMessage>> sent = new TreeMap<>();
		sent.put(6L, List.of(encoded("acknowledged")));
		sent.put(7L, List.of(encoded("lost 1"), encoded("lost 2")));
		this.engine.delivery.resend(session, sent);
		this.server.deliver(session, ChannelId.of("/feed"), "newer");
		assertThat(held).as("woken by what must be sent again").isDone();
		assertThat(data(held.join().subList(0, 2))).containsExactly("lost 1", "lost 2");
		assertThat(batchOf(lastConnectReply(held.join()))).isEqualTo(8);
		List<Map<String, Object>> next = this.client.send(connect(8));
		assertThat(data(next.subList(0, 1))).containsExactly("newer");
		assertThat(batchOf(lastConnectReply(next))).isEqualTo(9);
	}

	@Test
	void replyOfASessionThatMovedMeanwhileCarriesNoBatchNumber() {
		this.engine.shared = new SessionSnapshot(CLIENT_ID, null, null, 3);
		CompletableFuture<List<Map<String, Object>>> held = this.client.sendAsync(connect(3));
		// Another node claims the session while this one writes the reply.
		this.engine.owned = false;
		this.server.deliver(this.client.session(), ChannelId.of("/feed"), "left for the new owner");
		assertThat(held).isDone();
		assertThat(held.join()).hasSize(1);
		assertThat(lastConnectReply(held.join())).containsEntry(Message.SUCCESSFUL, true)
			.as("no batch number that would acknowledge the message left out")
			.doesNotContainKey(Message.EXT);
	}

	private Message connect(long acknowledged) {
		return this.client.connectMessage().put(Message.EXT, new HashMap<>(Map.of("ack", acknowledged)));
	}

	private EncodedMessage encoded(String data) {
		return this.server.encode(ChannelId.of("/feed"), data, null, null);
	}

	@SuppressWarnings("unchecked")
	private static long batchOf(Map<String, Object> connectReply) {
		assertThat(connectReply).containsEntry(Message.SUCCESSFUL, true);
		return ((Number) ((Map<String, Object>) connectReply.get(Message.EXT)).get("ack")).longValue();
	}

	/** An engine that shares one acknowledging session, as the Redis engine would. */
	private static final class SharingEngine implements BayeuxEngine {

		private @Nullable LocalDelivery delivery;

		private @Nullable SessionSnapshot shared;

		private volatile boolean owned = true;

		@Override
		public void start(LocalDelivery localDelivery) {
			this.delivery = localDelivery;
		}

		@Override
		public Mono<Void> publish(EncodedMessage message, @Nullable String publisherId) {
			return Mono.fromRunnable(() -> this.delivery.deliver(message, publisherId));
		}

		@Override
		public boolean sharesSessions() {
			return true;
		}

		@Override
		public Mono<SessionSnapshot> findSession(String clientId) {
			return Mono.justOrEmpty(this.shared).filter((snapshot) -> snapshot.clientId().equals(clientId));
		}

		@Override
		public Mono<Boolean> adoptSession(ServerSession session) {
			return Mono.just(true);
		}

		@Override
		public Mono<Boolean> saveSession(ServerSession session) {
			return Mono.just(this.owned);
		}

	}

}
