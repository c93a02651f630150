package io.github.cometdboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.ServerSession;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of message processing: random sequences of handshakes, connects,
 * subscriptions, publishes and disconnects, with random channels, ids, client ids and data, never make
 * processing fail, every reply is a well-formed Bayeux message, and a bystander session of another
 * browser is untouched and still receives its messages.
 */
class MessageProcessorPropertyTests {

	/** Stands for the client id of the fuzzing client's latest successful handshake. */
	private static final String CURRENT = "<current>";

	/** Stands for the bystander's client id, which the fuzzing client (another browser) may not use. */
	private static final String BYSTANDER = "<bystander>";

	@Property(tries = 150)
	void randomSequencesNeverFailAndLeaveOtherSessionsAlone(
			@ForAll("batches") @Size(min = 1, max = 12) List<List<Map<String, Object>>> batches) {
		VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
		BayeuxServer server = BayeuxTestClient.startServer(ServerSettings.builder().maxQueue(20).maxInterval(Duration.ofHours(1)).build(), scheduler);
		try {
			BayeuxTestClient bystander = BayeuxTestClient.polling(server, "bystander-browser").handshakeAndConnect();
			bystander.subscribe("/bystander");
			TransportContext fuzzer = TransportContext.polling(BayeuxTestClient.LONG_POLLING, "fuzzer-browser");
			List<CompletableFuture<ProcessedBatch>> pending = new ArrayList<>();
			String current = null;
			for (List<Map<String, Object>> batch : batches) {
				List<Message> messages = new ArrayList<>();
				for (Map<String, Object> fields : batch) {
					messages.add(resolve(fields, current, bystander.clientId()));
				}
				CompletableFuture<ProcessedBatch> replies = server.process(messages, fuzzer).toFuture();
				pending.add(replies);
				if (replies.isDone()) {
					current = checkReplies(replies.join(), current);
				}
			}
			// Answer the connects still held, then every batch must have completed normally.
			scheduler.advanceTimeBy(Duration.ofMinutes(1));
			// (max-interval is an hour: the bystander, which does not poll meanwhile, is not pruned)
			for (CompletableFuture<ProcessedBatch> replies : pending) {
				assertThat(replies).isCompleted();
				checkReplies(replies.join(), null);
			}
			ServerSession untouched = server.sessions().find(bystander.clientId());
			assertThat(untouched).as("bystander still alive").isNotNull();
			assertThat(untouched.subscriptions()).extracting(Object::toString).containsExactly("/bystander");
			server.publish("/bystander", "still there").block(Duration.ofSeconds(5));
			// The fuzzer may publish to the bystander's channel like anyone; the server's message comes last.
			assertThat(BayeuxTestClient.data(bystander.receive())).endsWith("still there");
		}
		finally {
			server.stop();
			scheduler.dispose();
		}
	}

	private static Message resolve(Map<String, Object> fields, String current, String bystander) {
		Map<String, Object> resolved = new HashMap<>(fields);
		Object clientId = resolved.get(Message.CLIENT_ID);
		if (CURRENT.equals(clientId)) {
			resolved.put(Message.CLIENT_ID, current);
		}
		else if (BYSTANDER.equals(clientId)) {
			resolved.put(Message.CLIENT_ID, bystander);
		}
		return new Message(resolved);
	}

	/** Check each reply is well formed, and return the client id of a successful handshake if any. */
	private static String checkReplies(ProcessedBatch batch, String current) {
		String result = current;
		for (Map<String, Object> reply : BayeuxTestClient.decode(batch)) {
			if (reply.containsKey(Message.SUCCESSFUL)) {
				assertThat(reply.get(Message.SUCCESSFUL)).isInstanceOf(Boolean.class);
				if (Boolean.FALSE.equals(reply.get(Message.SUCCESSFUL))) {
					assertThat(reply.get(Message.ERROR)).as("error of %s", reply).isInstanceOf(String.class);
				}
				if ("/meta/handshake".equals(reply.get(Message.CHANNEL)) && Boolean.TRUE.equals(reply.get(Message.SUCCESSFUL))) {
					result = (String) reply.get(Message.CLIENT_ID);
				}
			}
			else {
				assertThat(reply).as("a delivered message").containsKeys(Message.CHANNEL, Message.DATA)
					.doesNotContainKey(Message.CLIENT_ID);
			}
		}
		return result;
	}

	@Provide
	Arbitrary<List<List<Map<String, Object>>>> batches() {
		return message().list().ofMinSize(1).ofMaxSize(4).list();
	}

	private static Arbitrary<Map<String, Object>> message() {
		Arbitrary<Object> channel = Arbitraries.frequencyOf(
				net.jqwik.api.Tuple.of(6, Arbitraries.of("/meta/handshake", "/meta/connect", "/meta/subscribe",
						"/meta/unsubscribe", "/meta/disconnect", "/chat", "/chat/room", "/bystander", "/service/echo")),
				net.jqwik.api.Tuple.of(2, Arbitraries.of("/meta/other", "/meta/**", "/chat/*", "/chat/**", "", "chat",
						"/a//b", "/*", "/service/**")),
				net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(12).map(Object.class::cast)),
				net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
		Arbitrary<Object> clientId = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just(CURRENT)),
				net.jqwik.api.Tuple.of(2, Arbitraries.just(BYSTANDER)),
				net.jqwik.api.Tuple.of(1, Arbitraries.strings().alpha().ofMaxLength(10).map(Object.class::cast)),
				net.jqwik.api.Tuple.of(1, Arbitraries.of((Object) null, 42, List.of("x"))));
		Arbitrary<Object> subscription = Arbitraries.oneOf(
				Arbitraries.of("/chat", "/chat/*", "/chat/**", "/bystander", "/meta/connect", "/service/x", "bad", "")
					.map(Object.class::cast),
				Arbitraries.of("/chat", "/a/b", "/**", "/meta/*").list().ofMaxSize(3).map(Object.class::cast),
				Arbitraries.of((Object) null, 7, Map.of("a", 1)));
		Arbitrary<Object> data = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(Object.class::cast),
				Arbitraries.integers().map(Object.class::cast),
				Arbitraries.of((Object) null, Map.of("text", "</script><script>alert(1)</script>"), List.of(1, 2, 3),
						Map.of("clientId", "forged")));
		Arbitrary<Object> id = Arbitraries.of((Object) null, "1", 2, 3.5, Map.of("x", 1), List.of(), true);
		Arbitrary<Object> advice = Arbitraries.of((Object) null, Map.of("timeout", 0), Map.of("timeout", -5),
				Map.of("timeout", "soon"), "advice", Map.of("interval", 1_000_000));
		Arbitrary<Object> connectionTypes = Arbitraries.of((Object) null, List.of("long-polling"), List.of("carrier-pigeon"),
				"long-polling", List.of(1, 2));
		return Combinators.combine(channel, clientId, subscription, data, id, advice, connectionTypes)
			.as((c, client, sub, d, i, a, types) -> {
				Map<String, Object> fields = new HashMap<>();
				fields.put(Message.CHANNEL, c);
				fields.put(Message.CLIENT_ID, client);
				fields.put(Message.SUBSCRIPTION, sub);
				fields.put(Message.DATA, d);
				fields.put(Message.ID, i);
				fields.put(Message.ADVICE, a);
				fields.put(Message.SUPPORTED_CONNECTION_TYPES, types);
				fields.put(Message.VERSION, "1.0");
				fields.put(Message.CONNECTION_TYPE, "long-polling");
				fields.values().removeIf(java.util.Objects::isNull);
				return fields;
			});
	}

}
