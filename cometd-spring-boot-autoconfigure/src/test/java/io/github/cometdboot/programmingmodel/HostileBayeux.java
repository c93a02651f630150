package io.github.cometdboot.programmingmodel;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile Bayeux bodies, as JSON text built from a grammar: batches of 0 to many messages (several
 * handshakes among them), whose fields take plausible values or values of every wrong type, numbers
 * JSON cannot carry, deep nesting, control characters, lone surrogates and forged log lines; channel
 * names valid and invalid, wildcards and {@code /meta/*}; the {@code clientId}s of real sessions
 * ({@link FuzzedBody#WITNESS} and the like, filled in when sent) and made-up ones. A {@link Mutation}
 * then breaks some of them byte by byte.
 */
final class HostileBayeux {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Channels of every kind. {@code /slow/work} of the test application is left out on purpose: its
	 * listener blocks for 30 s, which would only slow the fuzz down.
	 */
	private static final List<String> CHANNELS = List.of("/meta/handshake", "/meta/connect", "/meta/subscribe",
			"/meta/unsubscribe", "/meta/disconnect", "/meta/publish", "/meta/foo", "/meta/*", "/meta/**", "/meta",
			"/chat/lobby", "/chat/*", "/chat/**", "/**", "/*", Witness.CHANNEL, "/witness/*", "/service/upper",
			"/service/letters", "/service/fail", "/service/private", "/service/rooms/a/size", "/service/**", "/private",
			"", "/", "//", "chat", "/a//b", "/a/", "/a/**/b", "/a/*b", " /a", "/a b", "/\u0000", "/\u202e/x",
			"/chat/lobby\n2026-12-07 21:00:00.000 ERROR 1 --- [main] FORGED", "/" + "a".repeat(5000),
			"/a".repeat(2000));

	private static final List<String> CLIENT_IDS = List.of(FuzzedBody.WITNESS, FuzzedBody.WITNESS,
			FuzzedBody.PUBLISHER, FuzzedBody.OWNER, FuzzedBody.OWNER, FuzzedBody.OWNER, "", "x",
			FuzzedBody.WITNESS + FuzzedBody.OWNER, FuzzedBody.WITNESS + " ", "\n" + FuzzedBody.WITNESS);

	/** JSON numbers and near-numbers: too large, too small, non-finite, malformed. */
	private static final List<String> NUMBERS = List.of("0", "-1", "1e999999", "-1e999999", "1e-999999", "1e308",
			"-0", "0.5", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "2147483648",
			"NaN", "Infinity", "-Infinity", "0x10", "01", "1.", ".5", "-", "1e");

	private static final List<String> LITERALS = List.of("null", "true", "false", "nul", "tru", "[]", "{}", "[null]",
			"\"\"", "\"\\n2026-12-07 21:00:00.000 ERROR 1 --- [main] FORGED\"", "\"\\u0000\\u0007\\u001b[31m\\u007f\"",
			"\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\u2028\u2029\"", "\"</script>\"", "\"raw\ncontrol\u0001\"",
			"{\"a\":1,\"a\":2}", "\"\\u\"", "'single'");

	/** Bodies that are no Bayeux batch at all. */
	private static final List<String> NOT_BAYEUX = List.of("", " ", "[", "]", "[{]", "null", "[[]]", "[1,2]",
			"[{}]", "{\"channel\":1}", "[" + "[".repeat(5000), "\uFEFF[]", "[{\"channel\":\"/meta/handshake\"}",
			"[{\"channel\":\"/a\"}]garbage", "[{\"channel\":\"/a\"}][{\"channel\":\"/b\"}]");

	/** Valid requests, which mutations break. */
	private static final List<String> VALID = List.of("""
			[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["websocket","long-polling"],"id":"1"}]""",
			"""
			[{"channel":"/meta/subscribe","clientId":"%s","subscription":"/chat/lobby","id":"2"}]""".formatted(FuzzedBody.OWNER),
			"""
			[{"channel":"/chat/lobby","clientId":"%s","data":{"user":"ann","text":"hi"},"id":"3"}]""".formatted(FuzzedBody.OWNER),
			"""
			[{"channel":"/service/upper","clientId":"%s","data":"abc","id":"4"}]""".formatted(FuzzedBody.OWNER),
			"""
			[{"channel":"/meta/connect","clientId":"%s","connectionType":"long-polling","advice":{"timeout":0}}]""".formatted(FuzzedBody.OWNER),
			"""
			[{"channel":"/meta/disconnect","clientId":"%s"}]""".formatted(FuzzedBody.WITNESS),
			"""
			[{"channel":"/meta/unsubscribe","clientId":"%s","subscription":"%s"}]""".formatted(FuzzedBody.WITNESS, Witness.CHANNEL));

	private HostileBayeux() {
	}

	/** @return whole bodies, most of them sent as built, some mutated */
	static Arbitrary<FuzzedBody> bodies() {
		Arbitrary<String> json = Arbitraries.frequencyOf(Tuple.of(10, batch()), Tuple.of(2, Arbitraries.of(VALID)),
				Tuple.of(1, message()), Tuple.of(1, handshakes()), Tuple.of(1, longBatch()),
				Tuple.of(1, Arbitraries.of(NOT_BAYEUX)), Tuple.of(1, value(2)));
		return Combinators.combine(json, Mutation.arbitrary()).as(FuzzedBody::new);
	}

	private static Arbitrary<String> batch() {
		return message().list().ofMaxSize(6).map((messages) -> "[" + String.join(",", messages) + "]");
	}

	/** Several handshakes in one batch, with other messages between them. */
	private static Arbitrary<String> handshakes() {
		Arbitrary<String> handshake = Arbitraries.of(VALID.get(0).substring(1, VALID.get(0).length() - 1),
				"{\"channel\":\"/meta/handshake\"}");
		return Combinators.combine(handshake.list().ofMinSize(2).ofMaxSize(5), message().list().ofMaxSize(2))
			.as((shakes, others) -> "[" + String.join(",", shakes) + (others.isEmpty() ? "" : ",")
					+ String.join(",", others) + "]");
	}

	/** One message many times over, up to past the size limit. */
	private static Arbitrary<String> longBatch() {
		return Combinators.combine(message(), Arbitraries.integers().between(50, 3000))
			.as((message, copies) -> "[" + String.join(",", Collections.nCopies(copies, message)) + "]");
	}

	private static Arbitrary<String> message() {
		Arbitrary<String> channel = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(CHANNELS).map(HostileBayeux::string)),
				Tuple.of(1, Arbitraries.strings().all().ofMaxLength(20).map((name) -> string("/" + name))),
				Tuple.of(1, value(1)));
		Arbitrary<String> member = Arbitraries.oneOf(field("clientId", Arbitraries.of(CLIENT_IDS).map(HostileBayeux::string)),
				field("id", Arbitraries.of("\"1\"", "1", "\"\\n\"", "\"" + "9".repeat(300) + "\"")),
				field("data", Arbitraries.of("{\"user\":\"ann\",\"text\":\"hi\"}", "{\"user\":1,\"text\":null}",
						"{\"to\":\"ann\",\"text\":\"x\"}", "\"text\"", "{\"text\":\"HELLO darn heck\"}")),
				field("subscription", Arbitraries.oneOf(Arbitraries.of(CHANNELS).map(HostileBayeux::string),
						Arbitraries.of(CHANNELS).map(HostileBayeux::string).list().ofMaxSize(4).map(HostileBayeux::array))),
				field("supportedConnectionTypes", Arbitraries.of("[\"long-polling\"]",
						"[\"websocket\",\"long-polling\",\"callback-polling\"]", "[]", "[\"x\"]", "\"long-polling\"",
						"[null]", "[1]")),
				field("connectionType", Arbitraries.of("websocket", "long-polling", "callback-polling", "eventsource",
						"forever-frame", "multipart", "x").map(HostileBayeux::string)),
				field("version", Arbitraries.of("\"1.0\"", "\"0.9\"", "\"2.0\"", "\"\"", "1.0")),
				field("minimumVersion", Arbitraries.of("\"1.0\"", "\"9.9\"")),
				field("advice", Arbitraries.of("{\"timeout\":0}", "{\"timeout\":-1}", "{\"timeout\":1e999999}",
						"{\"timeout\":\"0\"}", "{\"timeout\":9223372036854775807}", "{\"interval\":-5}",
						"{\"reconnect\":\"none\"}", "{\"multiple-clients\":true}", "{\"timeout\":0.5}")),
				field("ext", Arbitraries.of("{\"ack\":true}", "{\"ack\":false}", "{\"ack\":-1}", "{\"ack\":1e308}",
						"{\"ack\":\"x\"}", "{\"ack\":[1]}", "{\"history\":{\"offset\":-1,\"epoch\":\"x\"}}",
						"{\"history\":{\"offset\":1e999999}}", "{\"history\":true}")),
				field("successful", Arbitraries.of("true", "\"x\"")),
				Combinators.combine(Arbitraries.strings().all().ofMaxLength(10), value(2))
					.as((key, value) -> string(key) + ":" + value));
		return Combinators.combine(channel, member.list().ofMaxSize(5), Arbitraries.integers().between(0, 9))
			.as((name, members, channelLeftOut) -> {
				List<String> all = new java.util.ArrayList<>(members);
				if (channelLeftOut > 0) {
					all.add(0, "\"channel\":" + name);
				}
				return "{" + String.join(",", all) + "}";
			});
	}

	/** A member of a message: mostly a value of its own type, else anything. */
	private static Arbitrary<String> field(String name, Arbitrary<String> typed) {
		return Arbitraries.frequencyOf(Tuple.of(3, typed), Tuple.of(1, value(2))).map((value) -> string(name) + ":" + value);
	}

	/** Any JSON value, or something that looks like one, nested up to a depth. */
	private static Arbitrary<String> value(int depth) {
		Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.of(NUMBERS), Arbitraries.of(LITERALS),
				Arbitraries.strings().all().ofMaxLength(30).map(HostileBayeux::string),
				Arbitraries.integers().between(1, 70_000).map((length) -> string("x".repeat(length))), deepNesting());
		if (depth == 0) {
			return scalar;
		}
		Arbitrary<String> inner = Arbitraries.lazy(() -> value(depth - 1));
		return Arbitraries.frequencyOf(Tuple.of(6, scalar), Tuple.of(1, inner.list().ofMaxSize(4).map(HostileBayeux::array)),
				Tuple.of(1, Combinators.combine(Arbitraries.strings().all().ofMaxLength(8), inner)
					.as((key, value) -> string(key) + ":" + value)
					.list()
					.ofMaxSize(4)
					.map((members) -> "{" + String.join(",", members) + "}")));
	}

	/** Arrays or objects nested up to thousands deep. */
	private static Arbitrary<String> deepNesting() {
		return Combinators.combine(Arbitraries.integers().between(1, 5000), Arbitraries.of(true, false))
			.as((depth, arrays) -> arrays ? "[".repeat(depth) + "]".repeat(depth)
					: "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
	}

	private static String array(List<String> values) {
		return values.stream().collect(Collectors.joining(",", "[", "]"));
	}

	/** A JSON string of any text, lone surrogates included, as Jackson writes it. */
	private static String string(String text) {
		return JSON.writeValueAsString(text);
	}

}
