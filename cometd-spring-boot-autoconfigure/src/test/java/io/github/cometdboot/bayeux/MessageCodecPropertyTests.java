package io.github.cometdboot.bayeux;

import io.github.cometdboot.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of the decoder: whatever bytes arrive, decoding either yields messages or
 * throws {@link MalformedMessageException}, which the transports turn into a 400 with a Bayeux error.
 * Nothing else may escape, since anything else would become a 500.
 */
class MessageCodecPropertyTests {

	private static final String VALID = """
			[{"channel":"/meta/connect","clientId":"abc","connectionType":"long-polling","id":"1","advice":{"timeout":0}},\
			{"channel":"/chat","data":{"text":"hi","n":[1,2.5,true,null]},"id":2,"ext":{"ack":3}}]""";

	private final MessageCodec codec = new MessageCodec();

	@Property(tries = 500)
	void arbitraryBytesDecodeOrFailAsMalformed(@ForAll byte[] bytes) {
		assertDecodesOrIsMalformed(bytes);
	}

	@Property(tries = 500)
	void mutatedBayeuxArraysDecodeOrFailAsMalformed(@ForAll("mutatedBatches") String json) {
		assertDecodesOrIsMalformed(json.getBytes(StandardCharsets.UTF_8));
		try {
			assertThat(this.codec.decode(json)).allSatisfy((message) -> assertThat(message).isNotNull());
		}
		catch (MalformedMessageException ex) {
			// The only failure allowed.
		}
	}

	@Property(tries = 50)
	void deepNestingIsMalformedNotAStackOverflow(@ForAll("depths") int depth) {
		String json = "[{\"channel\":\"/a\",\"data\":" + "[".repeat(depth) + "]".repeat(depth) + "}]";
		assertDecodesOrIsMalformed(json.getBytes(StandardCharsets.UTF_8));
	}

	@Provide
	Arbitrary<Integer> depths() {
		return Arbitraries.integers().between(1, 100_000);
	}

	/** The valid batch with one edit: a character deleted, replaced or inserted, or the text cut. */
	@Provide
	Arbitrary<String> mutatedBatches() {
		Arbitrary<Integer> position = Arbitraries.integers().between(0, VALID.length() - 1);
		Arbitrary<Character> character = Arbitraries.oneOf(Arbitraries.of('"', '{', '}', '[', ']', ',', ':', '\\', '\u0000', '\u2028'),
				Arbitraries.chars());
		Arbitrary<Integer> edit = Arbitraries.integers().between(0, 3);
		return Combinators.combine(position, character, edit).as((at, c, kind) -> switch (kind) {
			case 0 -> VALID.substring(0, at) + VALID.substring(at + 1);
			case 1 -> VALID.substring(0, at) + c + VALID.substring(at + 1);
			case 2 -> VALID.substring(0, at) + c + VALID.substring(at);
			default -> VALID.substring(0, at);
		});
	}

	private void assertDecodesOrIsMalformed(byte[] bytes) {
		try {
			List<Message> messages = this.codec.decode(bytes);
			assertThat(messages).doesNotContainNull();
		}
		catch (MalformedMessageException ex) {
			// The only failure allowed.
		}
	}

}
