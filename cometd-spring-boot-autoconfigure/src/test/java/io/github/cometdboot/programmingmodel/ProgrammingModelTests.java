package io.github.cometdboot.programmingmodel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.CometSessionEvent;
import io.github.cometdboot.CometTemplate;
import io.github.cometdboot.SessionDisconnectedEvent;
import io.github.cometdboot.SessionHandshakeEvent;
import io.github.cometdboot.SessionSubscribedEvent;
import io.github.cometdboot.SessionUnsubscribedEvent;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.DisconnectReason;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.cometdboot.programmingmodel.JavaClientFactory.WAIT_SECONDS;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.publish;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.remoteCall;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.subscribe;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.subscribeReply;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @CometListener}, {@code @CometInterceptor}, {@link CometTemplate}, session events and channel
 * security, driven by the official CometD Java client against a running application.
 */
@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cometd.security.channels[0].pattern=/admin/**",
				"cometd.security.channels[0].subscribe=role:ADMIN", "cometd.security.channels[0].publish=role:ADMIN",
				"cometd.security.channels[1].pattern=/members/**",
				"cometd.security.channels[1].subscribe=authenticated",
				"cometd.security.channels[1].publish=nobody" })
class ProgrammingModelTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ChatBackend backend;

	@Autowired
	private CometTemplate template;

	@Autowired
	private BayeuxServer server;

	@Autowired
	private ChatTestApplication.SessionEvents events;

	private JavaClientFactory clients;

	@BeforeEach
	void createClients() {
		this.clients = new JavaClientFactory(this.port);
		this.backend.drainHistory();
	}

	@AfterEach
	void closeClients() throws Exception {
		this.clients.close();
	}

	@Test
	void listenerReceivesPayloadAsRecordWithTemplateVariableAndPrincipal() throws Exception {
		BayeuxClient alice = this.clients.connected("alice");
		assertThat(publish(alice, "/chat/lobby", Map.of("user", "alice", "text", "hello")).isSuccessful()).isTrue();
		assertThat(this.backend.history.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("lobby|hello|alice");
		BayeuxClient anonymous = this.clients.connected(null);
		publish(anonymous, "/chat/garden", Map.of("user", "?", "text", "hi"));
		assertThat(this.backend.history.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("garden|hi|anonymous");
	}

	@Test
	void interceptorEditsMessagesBeforeTheyAreBroadcast() throws Exception {
		BayeuxClient reader = this.clients.connected(null);
		BlockingQueue<Message> received = subscribe(reader, "/chat/edits");
		BayeuxClient writer = this.clients.connected(null);
		publish(writer, "/chat/edits", Map.of("user", "w", "text", "what the heck"));
		Message message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(message.getDataAsMap()).containsEntry("text", "what the h**k").containsEntry("user", "w");
	}

	@Test
	void interceptorRejectionTellsTheSenderWhyAndNobodyReceivesIt() throws Exception {
		BayeuxClient reader = this.clients.connected(null);
		BlockingQueue<Message> received = subscribe(reader, "/chat/rejects");
		BayeuxClient writer = this.clients.connected(null);
		Message reply = publish(writer, "/chat/rejects", Map.of("user", "w", "text", "darn it"));
		assertThat(reply.isSuccessful()).isFalse();
		assertThat(reply.get(Message.ERROR_FIELD)).isEqualTo("403:profanity:publish_denied");
		publish(writer, "/chat/rejects", Map.of("user", "w", "text", "sorry"));
		assertThat(received.poll(WAIT_SECONDS, TimeUnit.SECONDS).getDataAsMap()).containsEntry("text", "sorry");
		assertThat(received).isEmpty();
		assertThat(this.backend.drainHistory()).doesNotContain("rejects|darn it|anonymous");
	}

	@Test
	void serviceMethodsAnswerRemoteCallsWithValuesMonosAndFluxes() throws Exception {
		BayeuxClient client = this.clients.connected(null);
		Message upper = remoteCall(client, "upper", "shout");
		assertThat(upper.isSuccessful()).isTrue();
		assertThat(upper.getData()).isEqualTo("SHOUT");
		assertThat(((Number) remoteCall(client, "rooms/kitchen/size", Map.of()).getData()).intValue()).isEqualTo(7);
		assertThat(asList(remoteCall(client, "letters", "abc").getData())).containsExactly("a", "b", "c");
	}

	@Test
	void aFluxAnswersAListWhateverItsLength() throws Exception {
		BayeuxClient client = this.clients.connected(null);
		assertThat(asList(remoteCall(client, "letters", "a").getData())).containsExactly("a");
		Message empty = remoteCall(client, "letters", "");
		assertThat(empty.isSuccessful()).isTrue();
		assertThat(asList(empty.getData())).isEmpty();
	}

	@Test
	void exceptionInAServiceBecomesAnErrorReplyAndTheServerCarriesOn() throws Exception {
		BayeuxClient client = this.clients.connected(null);
		Message failed = remoteCall(client, "fail", "boom");
		assertThat(failed.isSuccessful()).isFalse();
		assertThat(failed.get(Message.ERROR_FIELD)).isEqualTo("500::service_failed");
		assertThat(remoteCall(client, "upper", "still here").getData()).isEqualTo("STILL HERE");
	}

	@Test
	void aServiceAnswersAStructuredFailureAsCometDsCallerFailureDoes() throws Exception {
		BayeuxClient client = this.clients.connected(null);
		Message failed = remoteCall(client, "withdraw", 500);
		assertThat(failed.isSuccessful()).isFalse();
		assertThat(failed.getChannel()).isEqualTo("/service/withdraw");
		assertThat(failed.getDataAsMap()).containsEntry("reason", "insufficient_funds").containsEntry("balance", 100L);
		assertThat(failed.get(Message.ERROR_FIELD)).as("an answer, not an error of the server").isNull();
		Message paid = remoteCall(client, "withdraw", 30);
		assertThat(paid.isSuccessful()).isTrue();
		assertThat(((Number) paid.getData()).intValue()).isEqualTo(70);
	}

	@Test
	void blockingListenerDoesNotStallOtherClients() throws Exception {
		BayeuxClient slow = this.clients.connected(null);
		CompletableFutureReply slowReply = new CompletableFutureReply();
		slow.getChannel("/slow/work").publish("job", slowReply::complete);
		// While the listener blocks, another client's publish and its delivery go through.
		BayeuxClient reader = this.clients.connected(null);
		BlockingQueue<Message> received = subscribe(reader, "/chat/meanwhile");
		publish(this.clients.connected(null), "/chat/meanwhile", Map.of("user", "x", "text", "meanwhile"));
		assertThat(received.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
		assertThat(slowReply.isDone()).isFalse();
		this.backend.unblockSlowListener.countDown();
		assertThat(slowReply.get(WAIT_SECONDS, TimeUnit.SECONDS).isSuccessful()).isTrue();
	}

	@Test
	void templatePublishesFromAnyThreadAndDeliversToOneSessionOrEveryTabOfAUser() throws Exception {
		BayeuxClient reader = this.clients.connected(null);
		BlockingQueue<Message> news = subscribe(reader, "/news");
		Thread publisher = new Thread(() -> this.template.publish("/news", Map.of("headline", "from a thread")));
		publisher.start();
		assertThat(news.poll(WAIT_SECONDS, TimeUnit.SECONDS).getDataAsMap()).containsEntry("headline", "from a thread");

		BlockingQueue<Message> direct = subscribe(reader, "/direct");
		assertThat(this.template.deliver(reader.getId(), "/direct", "just you")).isTrue();
		assertThat(direct.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("just you");

		BayeuxClient aliceTab1 = this.clients.connected("alice");
		BayeuxClient aliceTab2 = this.clients.connected("alice");
		BayeuxClient bob = this.clients.connected("bob");
		BlockingQueue<Message> tab1 = subscribe(aliceTab1, "/private");
		BlockingQueue<Message> tab2 = subscribe(aliceTab2, "/private");
		BlockingQueue<Message> bobs = subscribe(bob, "/private");
		assertThat(publish(bob, "/service/private", Map.of("to", "alice", "text", "psst")).isSuccessful()).isTrue();
		assertThat(tab1.poll(WAIT_SECONDS, TimeUnit.SECONDS).getDataAsMap()).containsEntry("user", "bob")
			.containsEntry("text", "psst");
		assertThat(tab2.poll(WAIT_SECONDS, TimeUnit.SECONDS).getDataAsMap()).containsEntry("text", "psst");
		assertThat(bobs).isEmpty();
		assertThat(this.template.deliverToUserReactive("alice", "/private", "again").block(Duration.ofSeconds(5)))
			.isEqualTo(2);
	}

	@Test
	void serverSideSubscriptionIsAFlux() throws Exception {
		BayeuxClient client = this.clients.connected(null);
		StepVerifier.create(this.template.subscribe("/stocks/**").map((message) -> message.data()))
			.then(() -> this.template.publish("/stocks/ACME", 12.5))
			.expectNext(12.5)
			.then(() -> {
				try {
					publish(client, "/stocks/nyse/XYZ", 3);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			})
			.expectNext(3)
			.thenCancel()
			.verify(Duration.ofSeconds(WAIT_SECONDS));
	}

	@Test
	void sessionLifeIsPublishedAsApplicationEvents() throws Exception {
		this.events.received.clear();
		BayeuxClient client = this.clients.connected(null);
		String id = client.getId();
		org.cometd.bayeux.client.ClientSessionChannel.MessageListener listener = (channel, message) -> {
		};
		java.util.concurrent.CompletableFuture<Message> subscribed = new java.util.concurrent.CompletableFuture<>();
		client.getChannel("/chat/events").subscribe(listener, subscribed::complete);
		assertThat(subscribed.get(WAIT_SECONDS, TimeUnit.SECONDS).isSuccessful()).isTrue();
		java.util.concurrent.CompletableFuture<Message> unsubscribed = new java.util.concurrent.CompletableFuture<>();
		client.getChannel("/chat/events").unsubscribe(listener, unsubscribed::complete);
		assertThat(unsubscribed.get(WAIT_SECONDS, TimeUnit.SECONDS).isSuccessful()).isTrue();
		assertThat(client.disconnect(WAIT_SECONDS * 1000)).isTrue();
		List<String> seen = new java.util.ArrayList<>();
		while (seen.size() < 4) {
			CometSessionEvent event = this.events.received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
			assertThat(event).as("events so far %s", seen).isNotNull();
			if (event.session().id().equals(id)) {
				seen.add(describe(event));
			}
		}
		assertThat(seen).containsExactly("handshake", "subscribed /chat/events", "unsubscribed /chat/events",
				"disconnected CLIENT");
	}

	@Test
	void channelRulesFromPropertiesUseTheSpringSecurityPrincipalAndRoles() throws Exception {
		BayeuxClient anonymous = this.clients.connected(null);
		BayeuxClient bob = this.clients.connected("bob");
		BayeuxClient alice = this.clients.connected("alice");
		assertThat(this.server.sessions().find(alice.getId()).principal().getName()).isEqualTo("alice");

		Message denied = subscribeReply(bob, "/admin/alerts", new java.util.concurrent.LinkedBlockingQueue<>());
		assertThat(denied.isSuccessful()).isFalse();
		assertThat((String) denied.get(Message.ERROR_FIELD)).startsWith("403:").endsWith(":subscribe_denied");
		assertThat(subscribeReply(bob, "/**", new java.util.concurrent.LinkedBlockingQueue<>()).isSuccessful())
			.as("a wildcard cannot reach around the rule").isFalse();
		BlockingQueue<Message> alerts = subscribe(alice, "/admin/alerts");
		assertThat(publish(bob, "/admin/alerts", "spoof").isSuccessful()).isFalse();
		assertThat(publish(alice, "/admin/alerts", "real").isSuccessful()).isTrue();
		assertThat(alerts.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("real");
		assertThat(alerts).isEmpty();

		assertThat(subscribeReply(anonymous, "/members/news", new java.util.concurrent.LinkedBlockingQueue<>())
			.isSuccessful()).isFalse();
		assertThat(subscribeReply(bob, "/members/news", new java.util.concurrent.LinkedBlockingQueue<>())
			.isSuccessful()).isTrue();
		assertThat(publish(alice, "/members/news", "nobody may").get(Message.ERROR_FIELD))
			.isEqualTo("403:denied:publish_denied");
	}

	/** A JSON array as the CometD Java client hands it over: an {@code Object[]} or a list. */
	private static List<Object> asList(Object array) {
		assertThat(array).as("a JSON array").isInstanceOfAny(Object[].class, List.class);
		return (array instanceof Object[] elements) ? List.of(elements) : List.copyOf((List<?>) array);
	}

	private static String describe(CometSessionEvent event) {
		if (event instanceof SessionHandshakeEvent) {
			return "handshake";
		}
		if (event instanceof SessionSubscribedEvent subscribed) {
			return "subscribed " + subscribed.channel();
		}
		if (event instanceof SessionUnsubscribedEvent unsubscribed) {
			return "unsubscribed " + unsubscribed.channel();
		}
		DisconnectReason reason = ((SessionDisconnectedEvent) event).reason();
		return "disconnected " + reason;
	}

	/** A publish reply to wait for. */
	private static final class CompletableFutureReply extends java.util.concurrent.CompletableFuture<Message> {

	}

}
