package io.github.cometdboot.server.transport;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of the transports: random bodies POSTed to the Bayeux path and random JSONP
 * requests never get a 5xx, random websocket frames are answered with Bayeux arrays and never break the
 * connection, and the server keeps serving: a session made before the fuzzing still polls.
 */
class TransportFuzzPropertyTests {

	private static TransportFixture fixture;

	private static String bystander;

	@BeforeContainer
	static void start() {
		fixture = new TransportFixture();
		bystander = fixture.connectedSession();
	}

	@AfterContainer
	static void stop() {
		// The server still answers the session made before the fuzzing.
		assertThat(fixture.post("/cometd", """
				[{"channel":"/meta/connect","clientId":"%s","connectionType":"long-polling","advice":{"timeout":0}}]
				""".formatted(bystander)).get(0)).containsEntry("successful", true);
		fixture.stop();
	}

	@Property(tries = 200)
	void postedBodiesNeverGet5xx(@ForAll("bodies") String body, @ForAll("paths") String path) {
		int status = fixture.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.returnResult(byte[].class)
			.getStatus()
			.value();
		assertThat(status).as("%s -> %s", body, status).isLessThan(500);
	}

	@Property(tries = 150)
	void jsonpRequestsNeverGet5xx(@ForAll("callbacks") String callback, @ForAll("bodies") String message) {
		URI uri = URI.create("http://localhost/cometd?jsonp=" + URLEncoder.encode(callback, StandardCharsets.UTF_8)
				+ "&message=" + URLEncoder.encode(message, StandardCharsets.UTF_8));
		int status = fixture.client.get().uri(uri).exchange().returnResult(byte[].class).getStatus().value();
		assertThat(status).as("%s(%s) -> %s", callback, message, status).isLessThan(500);
	}

	@Property(tries = 100)
	void webSocketFramesAreAnsweredWithArraysAndTheConnectionEndsCleanly(
			@ForAll("frames") List<String> frames) {
		TestWebSocketSession socket = new TestWebSocketSession();
		List<String> sent = new CopyOnWriteArrayList<>();
		Disposable recording = socket.sent().subscribe(sent::add);
		StepVerifier handler = StepVerifier.create(fixture.webSocket.handle(socket)).expectComplete().verifyLater();
		frames.forEach(socket::receive);
		socket.closeInbound();
		handler.verify(TransportFixture.TIMEOUT);
		recording.dispose();
		assertThat(sent).allSatisfy((frame) -> assertThat(TransportFixture.parse(frame)).isNotNull());
	}

	@Provide
	Arbitrary<List<String>> frames() {
		return bodies().list().ofMinSize(1).ofMaxSize(6);
	}

	@Provide
	Arbitrary<String> paths() {
		return Arbitraries.of("/cometd", "/cometd/connect", "/cometd/handshake", "/cometd/a/b/c");
	}

	@Provide
	Arbitrary<String> callbacks() {
		return Arbitraries.oneOf(Arbitraries.of("cb", "_cometd_jsonp_1", "alert(1)//", "</script>", "a".repeat(65), ""),
				Arbitraries.strings().ofMaxLength(20));
	}

	@Provide
	Arbitrary<String> bodies() {
		Arbitrary<String> channel = Arbitraries.of("/meta/handshake", "/meta/connect", "/meta/subscribe", "/meta/publish",
				"/meta/disconnect", "/chat", "/chat/**", "/service/x", "", "x", "/meta/**");
		Arbitrary<String> value = Arbitraries.of("null", "1", "\"s\"", "[]", "{}", "true", "-1e999", "\"" + "\\u0000" + "\"",
				"[1,[2,[3]]]", "{\"timeout\":0}", "\"</script>\"");
		Arbitrary<String> field = Arbitraries.of("clientId", "id", "data", "subscription", "advice", "ext",
				"supportedConnectionTypes", "connectionType", "version", "channel");
		Arbitrary<String> member = net.jqwik.api.Combinators.combine(field, value).as((f, v) -> "\"" + f + "\":" + v);
		Arbitrary<String> message = net.jqwik.api.Combinators.combine(channel, member.list().ofMaxSize(4))
			.as((c, members) -> "{\"channel\":\"" + c + "\"" + (members.isEmpty() ? "" : "," + String.join(",", members))
					+ "}");
		Arbitrary<String> batch = message.list().ofMaxSize(4).map((messages) -> "[" + String.join(",", messages) + "]");
		return Arbitraries.oneOf(batch, message, Arbitraries.strings().ofMaxLength(40),
				Arbitraries.of("", "[", "[{]", "null", "[null]", "[[]]", "{\"channel\":1}", "[" + "[".repeat(5000)));
	}

}
