package io.github.cometdboot.bayeux;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.ChannelKind;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ChannelId}: validation, kinds, wildcard matching and the wildcard lookup names.
 */
class ChannelIdTests {

	@ParameterizedTest
	@ValueSource(strings = { "/a", "/chat/room1", "/A/Z/09", "/a-b_c!d~e(f)g$h@i", "/*", "/**", "/a/*", "/a/**",
			"/a/b/c/d/e/f", "/meta/connect", "/service/echo", "/123" })
	void validNames(String name) {
		assertThat(ChannelId.isValid(name)).isTrue();
		ChannelId id = ChannelId.of(name);
		assertThat(id.name()).isEqualTo(name);
		assertThat(id).hasToString(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/", "a", "a/b", "chat/room", "/a/", "//", "//a", "/a//b", "/a b", "/a/b.c", "/a/é",
			"/a/*/b", "/a/**/b", "/*/a", "/**/a", "/a/***", "/a/b*", "/a/*b", "/a/**b", "/a/%20", "/a:b", "/a#b",
			"/a?b", "/a\\b", "/a\tb", "/a/\u00e9t\u00e9", "/\u65e5\u672c" })
	void invalidNames(String name) {
		assertThat(ChannelId.isValid(name)).isFalse();
		assertThat(ChannelId.parse(name)).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelId.of(name)).withMessageContaining(name);
	}

	@Test
	void nullIsInvalid() {
		assertThat(ChannelId.isValid(null)).isFalse();
		assertThat(ChannelId.parse(null)).isNull();
	}

	@ParameterizedTest
	@ValueSource(chars = { '-', '_', '!', '~', '(', ')', '$', '@' })
	void segmentAcceptsTheDocumentedPunctuation(char allowed) {
		assertThat(ChannelId.isValid("/x" + allowed + "y")).isTrue();
		assertThat(ChannelId.isValid("/" + allowed)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(chars = { ' ', '"', '#', '%', '&', '\'', '*', '+', ',', '.', ':', ';', '<', '=', '>', '?', '[', '\\',
			']', '^', '`', '{', '|', '}', '\n' })
	void segmentRejectsOtherCharacters(char forbidden) {
		assertThat(ChannelId.isValid("/x" + forbidden + "y")).isFalse();
		assertThat(ChannelId.isValid("/a/x" + forbidden)).isFalse();
	}

	@Test
	void everyAsciiLetterAndDigitIsAccepted() {
		StringBuilder name = new StringBuilder("/");
		for (char c = 'a'; c <= 'z'; c++) {
			name.append(c).append(Character.toUpperCase(c));
		}
		for (char c = '0'; c <= '9'; c++) {
			name.append(c);
		}
		assertThat(ChannelId.isValid(name.toString())).isTrue();
	}

	@Test
	void lengthIsLimitedTo1024Characters() {
		String longest = "/" + "a".repeat(1023);
		assertThat(longest).hasSize(1024);
		assertThat(ChannelId.isValid(longest)).isTrue();
		assertThat(ChannelId.isValid(longest + "a")).isFalse();
		assertThat(ChannelId.isValid("/a/" + "b".repeat(1022))).isFalse();
	}

	@Test
	void segmentsAndDepth() {
		ChannelId id = ChannelId.of("/a/b/c");
		assertThat(id.segments()).containsExactly("a", "b", "c");
		assertThat(id.depth()).isEqualTo(3);
		assertThat(ChannelId.of("/a/**").segments()).containsExactly("a", "**");
		assertThat(ChannelId.of("/*").depth()).isOne();
	}

	@Test
	void segmentsCannotBeModified() {
		List<String> segments = ChannelId.of("/a/b").segments();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> segments.add("c"));
	}

	@Test
	void wildcardFlags() {
		assertThat(ChannelId.of("/a/b").isWildcard()).isFalse();
		assertThat(ChannelId.of("/a/b").isDeepWildcard()).isFalse();
		assertThat(ChannelId.of("/a/*").isWildcard()).isTrue();
		assertThat(ChannelId.of("/a/*").isDeepWildcard()).isFalse();
		assertThat(ChannelId.of("/a/**").isWildcard()).isTrue();
		assertThat(ChannelId.of("/a/**").isDeepWildcard()).isTrue();
		assertThat(ChannelId.of("/*").isWildcard()).isTrue();
		assertThat(ChannelId.of("/**").isDeepWildcard()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/meta/connect", "/meta/handshake", "/meta/foo/bar", "/meta/*", "/meta/**" })
	void metaKind(String name) {
		ChannelId id = ChannelId.of(name);
		assertThat(id.kind()).isEqualTo(ChannelKind.META);
		assertThat(id.isMeta()).isTrue();
		assertThat(id.isService()).isFalse();
		assertThat(id.isBroadcast()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/meta/handshake", "/meta/connect", "/meta/subscribe", "/meta/unsubscribe",
			"/meta/disconnect" })
	void protocolMetaChannelsAreParsedOnceAndAlike(String name) {
		ChannelId id = ChannelId.of(name);
		assertThat(ChannelId.of(new String(name.toCharArray()))).isSameAs(id);
		assertThat(id.name()).isEqualTo(name);
		assertThat(id.segments()).containsExactly("meta", name.substring("/meta/".length()));
		assertThat(id.isWildcard()).isFalse();
		assertThat(id.matchingWildcards()).containsExactly("/meta/*", "/meta/**", "/**");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/service/echo", "/service/a/b", "/service/*", "/service/**" })
	void serviceKind(String name) {
		ChannelId id = ChannelId.of(name);
		assertThat(id.kind()).isEqualTo(ChannelKind.SERVICE);
		assertThat(id.isService()).isTrue();
		assertThat(id.isMeta()).isFalse();
		assertThat(id.isBroadcast()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/chat", "/chat/room", "/metadata", "/services/x", "/a/meta", "/a/service", "/*", "/**",
			"/Meta/connect" })
	void broadcastKind(String name) {
		ChannelId id = ChannelId.of(name);
		assertThat(id.kind()).isEqualTo(ChannelKind.BROADCAST);
		assertThat(id.isBroadcast()).isTrue();
		assertThat(id.isMeta()).isFalse();
		assertThat(id.isService()).isFalse();
	}

	@Test
	void exactChannelMatchesOnlyItself() {
		ChannelId exact = ChannelId.of("/a/b");
		assertThat(exact.matches(ChannelId.of("/a/b"))).isTrue();
		assertThat(exact.matches(ChannelId.of("/a"))).isFalse();
		assertThat(exact.matches(ChannelId.of("/a/b/c"))).isFalse();
		assertThat(exact.matches(ChannelId.of("/a/bc"))).isFalse();
	}

	@Test
	void singleWildcardMatchesExactlyOneMoreSegment() {
		ChannelId wildcard = ChannelId.of("/a/*");
		assertThat(wildcard.matches(ChannelId.of("/a/b"))).isTrue();
		assertThat(wildcard.matches(ChannelId.of("/a/xyz"))).isTrue();
		assertThat(wildcard.matches(ChannelId.of("/a"))).isFalse();
		assertThat(wildcard.matches(ChannelId.of("/a/b/c"))).isFalse();
		assertThat(wildcard.matches(ChannelId.of("/b/c"))).isFalse();
		assertThat(wildcard.matches(ChannelId.of("/ab"))).isFalse();
		assertThat(wildcard.matches(ChannelId.of("/ab/c"))).isFalse();
	}

	@Test
	void deepWildcardMatchesOneOrMoreSegments() {
		ChannelId wildcard = ChannelId.of("/a/**");
		assertThat(wildcard.matches(ChannelId.of("/a/b"))).isTrue();
		assertThat(wildcard.matches(ChannelId.of("/a/b/c"))).isTrue();
		assertThat(wildcard.matches(ChannelId.of("/a/b/c/d/e"))).isTrue();
		assertThat(wildcard.matches(ChannelId.of("/a"))).isFalse();
		assertThat(wildcard.matches(ChannelId.of("/ab/c"))).isFalse();
		assertThat(wildcard.matches(ChannelId.of("/b/a/c"))).isFalse();
	}

	@Test
	void rootWildcards() {
		ChannelId one = ChannelId.of("/*");
		ChannelId deep = ChannelId.of("/**");
		assertThat(one.matches(ChannelId.of("/a"))).isTrue();
		assertThat(one.matches(ChannelId.of("/a/b"))).isFalse();
		assertThat(deep.matches(ChannelId.of("/a"))).isTrue();
		assertThat(deep.matches(ChannelId.of("/a/b/c"))).isTrue();
	}

	@Test
	void wildcardDoesNotMatchWildcardChannels() {
		assertThat(ChannelId.of("/a/**").matches(ChannelId.of("/a/*"))).isFalse();
		assertThat(ChannelId.of("/a/**").matches(ChannelId.of("/a/b/*"))).isFalse();
		assertThat(ChannelId.of("/**").matches(ChannelId.of("/**"))).isFalse();
		assertThat(ChannelId.of("/*").matches(ChannelId.of("/*"))).isFalse();
	}

	@Test
	void matchingWildcardsAreDeepestFirst() {
		assertThat(ChannelId.of("/a/b/c").matchingWildcards()).containsExactly("/a/b/*", "/a/b/**", "/a/**", "/**");
		assertThat(ChannelId.of("/a/b").matchingWildcards()).containsExactly("/a/*", "/a/**", "/**");
		assertThat(ChannelId.of("/a").matchingWildcards()).containsExactly("/*", "/**");
	}

	@Test
	void wildcardChannelsHaveNoMatchingWildcards() {
		assertThat(ChannelId.of("/a/*").matchingWildcards()).isEmpty();
		assertThat(ChannelId.of("/a/**").matchingWildcards()).isEmpty();
		assertThat(ChannelId.of("/**").matchingWildcards()).isEmpty();
	}

	@Test
	void matchingWildcardsAgreeWithMatches() {
		List<String> channels = List.of("/a", "/b", "/a/b", "/a/c", "/b/a", "/a/b/c", "/a/b/d", "/a/c/b", "/x/y/z/w");
		List<String> wildcards = List.of("/*", "/**", "/a/*", "/a/**", "/b/*", "/b/**", "/a/b/*", "/a/b/**",
				"/a/c/*", "/x/y/*", "/x/y/z/*", "/x/**");
		for (String channelName : channels) {
			ChannelId channel = ChannelId.of(channelName);
			for (String wildcardName : wildcards) {
				boolean matches = ChannelId.of(wildcardName).matches(channel);
				assertThat(channel.matchingWildcards().contains(wildcardName))
					.as("%s matches %s", wildcardName, channelName)
					.isEqualTo(matches);
			}
		}
	}

	@Test
	void equalityIsByName() {
		assertThat(ChannelId.of("/a/b")).isEqualTo(ChannelId.of("/a/b"));
		assertThat(ChannelId.of("/a/b")).hasSameHashCodeAs(ChannelId.of("/a/b"));
		assertThat(ChannelId.of("/a/b")).isNotEqualTo(ChannelId.of("/a/B"));
		assertThat(ChannelId.of("/a/*")).isNotEqualTo(ChannelId.of("/a/**"));
	}

}
