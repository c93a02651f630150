package io.github.cometdboot.bayeux;

import io.github.cometdboot.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MessageCodec}: decoding requests, rejecting malformed ones, round-tripping data and
 * joining encoded messages.
 */
class MessageCodecTests {

	private final MessageCodec codec = new MessageCodec();

	@Test
	void decodeArrayKeepsOrder() {
		List<Message> messages = this.codec.decode(bytes("[{\"channel\":\"/meta/handshake\",\"id\":\"1\"},"
				+ "{\"channel\":\"/chat\",\"clientId\":\"abc\",\"data\":{\"text\":\"hi\"}}]"));
		assertThat(messages).hasSize(2);
		assertThat(messages.get(0).channel()).isEqualTo("/meta/handshake");
		assertThat(messages.get(0).id()).isEqualTo("1");
		assertThat(messages.get(1).channel()).isEqualTo("/chat");
		assertThat(messages.get(1).clientId()).isEqualTo("abc");
		assertThat(messages.get(1).data()).isEqualTo(Map.of("text", "hi"));
	}

	@Test
	void decodeBareObject() {
		List<Message> messages = this.codec.decode(bytes("{\"channel\":\"/meta/connect\",\"clientId\":\"x\"}"));
		assertThat(messages).singleElement().satisfies((message) -> {
			assertThat(message.channel()).isEqualTo("/meta/connect");
			assertThat(message.clientId()).isEqualTo("x");
		});
	}

	@Test
	void decodeString() {
		assertThat(this.codec.decode("[{\"channel\":\"/a\"},{\"channel\":\"/b\"}]")).extracting(Message::channel)
			.containsExactly("/a", "/b");
		assertThat(this.codec.decode("{\"channel\":\"/a\"}")).extracting(Message::channel).containsExactly("/a");
	}

	@Test
	void decodeEmptyArray() {
		assertThat(this.codec.decode("[]")).isEmpty();
	}

	@Test
	void decodedMessagesAreMutable() {
		Message message = this.codec.decode("[{\"channel\":\"/a\",\"clientId\":\"x\"}]").get(0);
		message.put(Message.CLIENT_ID, null);
		message.put("extra", 1);
		assertThat(message.fields()).containsOnlyKeys("channel", "extra");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "[", "[{", "{\"channel\":", "not json", "[{\"channel\":\"/a\"},]",
			"{'channel':'/a'}", "[{\"channel\":\"/a\"}] trailing", "{\"channel\":\"/a\"}{\"channel\":\"/b\"}" })
	void malformedJsonIsRejected(String json) {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> this.codec.decode(json))
			.withMessageStartingWith("Malformed JSON")
			.withCauseInstanceOf(JacksonException.class);
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> this.codec.decode(bytes(json)))
			.withCauseInstanceOf(JacksonException.class);
	}

	@Test
	void invalidUtf8IsRejected() {
		byte[] json = { '[', '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', ']' };
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> this.codec.decode(json));
	}

	@ParameterizedTest
	@ValueSource(strings = { "42", "\"text\"", "true", "null", "3.5" })
	void topLevelScalarsAreRejected(String json) {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> this.codec.decode(json))
			.withMessageContaining("array");
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> this.codec.decode(bytes(json)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "[1]", "[\"x\"]", "[null]", "[[]]", "[{\"channel\":\"/a\"},42]",
			"[{\"channel\":\"/a\"},[{\"channel\":\"/b\"}]]", "[true]" })
	void nonObjectElementsAreRejected(String json) {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> this.codec.decode(json))
			.withMessageContaining("message object");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[{\"channel\":\"/a\",\"data\":1e999999}]", "{\"channel\":\"/a\",\"data\":[-1e400]}",
			"[{\"channel\":\"/a\",\"ext\":{\"deep\":{\"n\":1E+999}}}]" })
	void numbersBeyondDoubleAreRejected(String json) {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> this.codec.decode(json));
	}

	@Test
	void largeFiniteNumbersAreKept() {
		assertThat(this.codec.decode("{\"channel\":\"/a\",\"data\":[1e308,12345678901234567890]}").get(0).data())
			.isEqualTo(List.of(1e308, new java.math.BigInteger("12345678901234567890")));
	}

	@Test
	void batchOfSeveralWithAMessageWithoutChannelIsRejected() {
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> this.codec.decode("[{\"channel\":\"/a\"},{\"data\":1}]"));
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> this.codec.decode("[{},{}]"));
	}

	@Test
	void singleMessageWithoutChannelIsLeftToTheServer() {
		// Answered 400::channel_missing, as CometD does.
		assertThat(this.codec.decode("[{\"id\":\"1\"}]")).singleElement()
			.satisfies((message) -> assertThat(message.channel()).isNull());
	}

	@Test
	void unicodeRoundTrips() {
		String text = "h\u00e9llo \u2713 \u65e5\u672c\u8a9e \uD83D\uDE00 \"quoted\" back\\slash"
				+ "\ttab\nnewline \u0000 \u2028";
		Message message = Message.on("/chat").put(Message.DATA, Map.of("text", text));
		byte[] json = this.codec.encode(message);
		assertThat(new String(json, StandardCharsets.UTF_8)).contains("\u65e5\u672c\u8a9e");
		Message decoded = this.codec.decode(json).get(0);
		assertThat(decoded.data()).isEqualTo(Map.of("text", text));
		assertThat(this.codec.decode(new String(json, StandardCharsets.UTF_8)).get(0).data())
			.isEqualTo(Map.of("text", text));
	}

	@Test
	void nestedDataRoundTrips() {
		Map<String, Object> inner = new LinkedHashMap<>();
		inner.put("n", 42);
		inner.put("big", 12345678901234L);
		inner.put("pi", 3.25);
		inner.put("neg", -7);
		inner.put("flag", false);
		inner.put("nothing", null);
		inner.put("list", List.of(1, "two", List.of(3, Map.of("four", 4)), Map.of()));
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("inner", inner);
		data.put("empty", List.of());
		data.put("text", "x");
		Message message = Message.on("/a/b").put(Message.ID, "7").put(Message.DATA, data);
		Message decoded = this.codec.decode(this.codec.joinArray(List.of(this.codec.encode(message)))).get(0);
		assertThat(decoded.fields()).isEqualTo(message.fields());
		assertThat(decoded.data()).isEqualTo(data);
	}

	@Test
	void encodeKeepsFieldOrder() {
		Message message = Message.on("/chat").put(Message.ID, "1").put(Message.DATA, "x");
		assertThat(new String(this.codec.encode(message), StandardCharsets.UTF_8))
			.isEqualTo("{\"channel\":\"/chat\",\"id\":\"1\",\"data\":\"x\"}");
	}

	@Test
	void encodeValue() {
		assertThat(new String(this.codec.encodeValue(List.of(1, "a")), StandardCharsets.UTF_8)).isEqualTo("[1,\"a\"]");
	}

	@Test
	void joinArrayOfNone() {
		byte[] first = MessageCodec.joinArray(List.of());
		assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("[]");
		first[0] = 'x';
		assertThat(new String(MessageCodec.joinArray(List.of()), StandardCharsets.UTF_8)).isEqualTo("[]");
	}

	@Test
	void joinArrayOfOne() {
		assertThat(new String(MessageCodec.joinArray(List.of(bytes("{\"a\":1}"))), StandardCharsets.UTF_8))
			.isEqualTo("[{\"a\":1}]");
	}

	@Test
	void joinArrayOfManyDecodesBack() {
		List<byte[]> encoded = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			encoded.add(this.codec.encode(Message.on("/c" + i).put(Message.DATA, "\u00e9" + i)));
		}
		byte[] joined = MessageCodec.joinArray(encoded);
		int expectedLength = 2 + 4 + encoded.stream().mapToInt((bytes) -> bytes.length).sum();
		assertThat(joined).hasSize(expectedLength);
		List<Message> decoded = this.codec.decode(joined);
		assertThat(decoded).extracting(Message::channel).containsExactly("/c0", "/c1", "/c2", "/c3", "/c4");
		assertThat(decoded).extracting(Message::data)
			.containsExactly("\u00e90", "\u00e91", "\u00e92", "\u00e93", "\u00e94");
	}

	@Test
	void joinArrayDoesNotChangeTheParts() {
		byte[] part = bytes("{\"a\":1}");
		byte[] copy = Arrays.copyOf(part, part.length);
		MessageCodec.joinArray(List.of(part, part));
		assertThat(part).isEqualTo(copy);
	}

	private static byte[] bytes(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

}
