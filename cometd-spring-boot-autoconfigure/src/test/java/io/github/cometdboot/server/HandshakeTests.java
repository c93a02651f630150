package io.github.cometdboot.server;

import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.github.cometdboot.CometSession;
import io.github.cometdboot.CometUser;
import io.github.cometdboot.HandshakeDecision;
import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.session.ServerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code /meta/handshake}: the reply, the client id, connection type negotiation and the
 * security policy.
 */
class HandshakeTests {

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final RecordingSessionListener listener = new RecordingSessionListener();

	private BayeuxServer server = BayeuxTestClient.startServer(ServerSettings.defaults(), this.scheduler);

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void successfulReplyDescribesTheServer() {
		this.server.addSessionListener(this.listener);
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		Message request = client.handshakeMessage().put(Message.ID, "hs-1");
		Map<String, Object> reply = client.handshake(request);
		assertThat(reply).containsEntry(Message.CHANNEL, "/meta/handshake")
			.containsEntry(Message.SUCCESSFUL, true)
			.containsEntry(Message.ID, "hs-1")
			.containsEntry(Message.VERSION, "1.0")
			.containsEntry(Message.SUPPORTED_CONNECTION_TYPES, List.of("long-polling", "websocket"))
			.containsKey(Message.CLIENT_ID)
			.doesNotContainKey(Message.ERROR);
		assertThat(BayeuxTestClient.advice(reply)).containsEntry("reconnect", "retry")
			.containsEntry("interval", 0)
			.containsEntry("timeout", 20000)
			.containsEntry("maxInterval", 10000);
		String clientId = (String) reply.get(Message.CLIENT_ID);
		assertThat(this.server.sessions().find(clientId)).isNotNull();
		assertThat(this.server.sessions().size()).isOne();
		assertThat(this.listener.events()).containsExactly("added " + clientId);
	}

	@Test
	void adviceFollowsTheSettings() {
		this.server.stop();
		this.server = BayeuxTestClient.startServer(ServerSettings.builder()
			.timeout(Duration.ofSeconds(30))
			.interval(Duration.ofMillis(250))
			.maxInterval(Duration.ofSeconds(45))
			.build(), this.scheduler);
		Map<String, Object> reply = BayeuxTestClient.polling(this.server).handshake();
		assertThat(BayeuxTestClient.advice(reply)).containsEntry("reconnect", "retry")
			.containsEntry("interval", 250)
			.containsEntry("timeout", 30000)
			.containsEntry("maxInterval", 45000);
	}

	@Test
	void supportedConnectionTypesAreExactlyTheRegisteredOnes() {
		this.server.stop();
		this.server = new BayeuxServer(ServerSettings.defaults(), new MessageCodec(), new InMemoryEngine(),
				SecurityPolicy.ALLOW_ALL, this.scheduler);
		this.server.addConnectionType("websocket");
		this.server.addConnectionType("callback-polling");
		this.server.addConnectionType("websocket");
		this.server.start();
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		Map<String, Object> reply = client.handshake(client.handshakeMessage()
			.put(Message.SUPPORTED_CONNECTION_TYPES, List.of("long-polling", "callback-polling", "eventsource")));
		assertThat(reply).containsEntry(Message.SUCCESSFUL, true)
			.containsEntry(Message.SUPPORTED_CONNECTION_TYPES, List.of("websocket", "callback-polling"));
		assertThat(this.server.connectionTypes()).containsExactly("websocket", "callback-polling");
	}

	@Test
	void hubNotStartedYetMakesNoSessionAndTellsTheClientToRetry() {
		this.server.stop();
		this.server = new BayeuxServer(ServerSettings.defaults(), new MessageCodec(), new InMemoryEngine(),
				SecurityPolicy.ALLOW_ALL, this.scheduler);
		this.server.addConnectionType(BayeuxTestClient.LONG_POLLING);
		// Boot's web server may take a request a moment before the hub's lifecycle starts it.
		Map<String, Object> early = BayeuxTestClient.polling(this.server).handshake();
		assertThat(early).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "503::server_unavailable");
		assertThat(BayeuxTestClient.advice(early)).containsEntry("reconnect", "handshake");
		assertThat(this.server.sessions().size()).isZero();
		this.server.start();
		assertThat(BayeuxTestClient.polling(this.server).handshake()).containsEntry(Message.SUCCESSFUL, true);
	}

	@Test
	void clientIdHasAtLeast128RandomBitsAndIsUnique() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 500; i++) {
			BayeuxTestClient client = BayeuxTestClient.polling(this.server);
			client.handshake();
			String clientId = client.clientId();
			assertThat(clientId).matches("[A-Za-z0-9_-]+");
			assertThat(Base64.getUrlDecoder().decode(clientId).length * 8).isGreaterThanOrEqualTo(128);
			ids.add(clientId);
		}
		assertThat(ids).hasSize(500);
		assertThat(this.server.sessions().size()).isEqualTo(500);
	}

	@Test
	void clientIdBitsVary() {
		// Every bit position takes both values across a few ids: the ids are not a counter or a constant.
		int bits = 128;
		boolean[] seenOne = new boolean[bits];
		boolean[] seenZero = new boolean[bits];
		for (int i = 0; i < 64; i++) {
			BayeuxTestClient client = BayeuxTestClient.polling(this.server);
			client.handshake();
			byte[] bytes = Base64.getUrlDecoder().decode(client.clientId());
			for (int bit = 0; bit < bits; bit++) {
				boolean set = (bytes[bit / 8] & (1 << (bit % 8))) != 0;
				seenOne[bit] |= set;
				seenZero[bit] |= !set;
			}
		}
		for (int bit = 0; bit < bits; bit++) {
			assertThat(seenOne[bit] && seenZero[bit]).as("bit %d varies", bit).isTrue();
		}
	}

	@Test
	void noCommonConnectionTypeIsUnsuccessful() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		Map<String, Object> reply = client.handshake(client.handshakeMessage()
			.put(Message.ID, "9")
			.put(Message.SUPPORTED_CONNECTION_TYPES, List.of("callback-polling", "iframe")));
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ID, "9")
			.containsEntry(Message.CHANNEL, "/meta/handshake")
			.containsEntry(Message.SUPPORTED_CONNECTION_TYPES, List.of("long-polling", "websocket"))
			.doesNotContainKey(Message.CLIENT_ID);
		assertThat((String) reply.get(Message.ERROR)).startsWith("403:");
		assertThat(BayeuxTestClient.advice(reply)).containsEntry("reconnect", "none");
		assertThat(this.server.sessions().size()).isZero();
	}

	@Test
	void missingSupportedConnectionTypesIsUnsuccessful() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		Map<String, Object> reply = client
			.handshake(client.handshakeMessage().put(Message.SUPPORTED_CONNECTION_TYPES, null));
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false).doesNotContainKey(Message.CLIENT_ID);
		assertThat(this.server.sessions().size()).isZero();
	}

	@Test
	void nonStringConnectionTypesAreIgnored() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		Map<String, Object> reply = client.handshake(
				client.handshakeMessage().put(Message.SUPPORTED_CONNECTION_TYPES, List.of(1, Map.of("a", "b"))));
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false);
	}

	@Test
	void securityPolicyCanDeny() {
		AtomicReference<Message> asked = new AtomicReference<>();
		startWithPolicy(new SecurityPolicy() {

			@Override
			public Mono<Boolean> canHandshake(CometSession session, Message message) {
				asked.set(message);
				return Mono.just(!"intruder".equals(message.ext().get("user")));
			}

		});
		this.server.addSessionListener(this.listener);
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		Map<String, Object> denied = client
			.handshake(client.handshakeMessage().put(Message.ID, "5").put(Message.EXT, Map.of("user", "intruder")));
		assertThat(denied).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "403::handshake_denied")
			.containsEntry(Message.ID, "5")
			.doesNotContainKey(Message.CLIENT_ID);
		assertThat(BayeuxTestClient.advice(denied)).containsEntry("reconnect", "none");
		assertThat(asked.get().ext()).containsEntry("user", "intruder");
		assertThat(this.server.sessions().size()).isZero();
		assertThat(this.listener.events()).isEmpty();

		Map<String, Object> allowed = client
			.handshake(client.handshakeMessage().put(Message.EXT, Map.of("user", "friend")));
		assertThat(allowed).containsEntry(Message.SUCCESSFUL, true);
		assertThat(this.server.sessions().size()).isOne();
	}

	@Test
	void securityPolicyCanNameTheSessionsUserFromTheHandshake() {
		startWithPolicy(new SecurityPolicy() {

			@Override
			public Mono<HandshakeDecision> handshake(CometSession session, Message message) {
				return Mono.just("t-1".equals(message.ext().get("token")) ? HandshakeDecision.allowAs("carol", "OPS")
						: HandshakeDecision.DENY);
			}

		});
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		Map<String, Object> reply = client.handshake(client.handshakeMessage().put(Message.EXT, Map.of("token", "t-1")));
		ServerSession session = this.server.sessions().find((String) reply.get(Message.CLIENT_ID));
		assertThat(session.principal()).isEqualTo(new CometUser("carol", Set.of("OPS")));
		assertThat(this.server.sessions().ofUser("carol")).containsExactly(session);
		Map<String, Object> denied = client.handshake(client.handshakeMessage().put(Message.EXT, Map.of("token", "?")));
		assertThat(denied).containsEntry(Message.ERROR, "403::handshake_denied");
	}

	@Test
	void emptyPolicyAnswerDenies() {
		startWithPolicy(new SecurityPolicy() {

			@Override
			public Mono<Boolean> canHandshake(CometSession session, Message message) {
				return Mono.empty();
			}

		});
		Map<String, Object> reply = BayeuxTestClient.polling(this.server).handshake();
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "403::handshake_denied");
		assertThat(this.server.sessions().size()).isZero();
	}

	@Test
	void numericIdIsEchoed() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		assertThat(client.handshake(client.handshakeMessage().put(Message.ID, 42))).containsEntry(Message.ID, 42);
	}

	@Test
	void idThatIsNeitherStringNorNumberIsInvalid() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		Map<String, Object> reply = client.handshake(client.handshakeMessage().put(Message.ID, Map.of("x", 1)));
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "405::message_id_invalid")
			.doesNotContainKey(Message.ID);
		assertThat(this.server.sessions().size()).isZero();
	}

	@Test
	void handshakeNeedsNoClientIdAndIgnoresOne() {
		BayeuxTestClient first = BayeuxTestClient.polling(this.server);
		first.handshake();
		BayeuxTestClient second = BayeuxTestClient.polling(this.server);
		Map<String, Object> reply = second
			.handshake(second.handshakeMessage().put(Message.CLIENT_ID, first.clientId()));
		assertThat(reply).containsEntry(Message.SUCCESSFUL, true);
		assertThat(reply.get(Message.CLIENT_ID)).isNotEqualTo(first.clientId());
		assertThat(this.server.sessions().size()).isEqualTo(2);
	}

	@Test
	void sessionRemembersBrowserAndTransport() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server, "browser-1");
		client.handshake();
		assertThat(client.session().browserId()).isEqualTo("browser-1");
		assertThat(client.session().transport()).isEqualTo("long-polling");
		assertThat(client.session().createdAt()).isEqualTo(this.server.now());
	}

	private void startWithPolicy(SecurityPolicy policy) {
		this.server.stop();
		this.server = BayeuxTestClient.startServer(ServerSettings.defaults(), policy, this.scheduler);
	}

}
