package io.github.cometdboot.bayeux;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.ChannelKind;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ChannelPattern}.
 */
class ChannelPatternTests {

	@Test
	void exactPatternMatchesOnlyItsChannel() {
		ChannelPattern pattern = ChannelPattern.of("/chat/lobby");
		assertThat(pattern.match(ChannelId.of("/chat/lobby"))).isEmpty();
		assertThat(pattern.match(ChannelId.of("/chat/garden"))).isNull();
		assertThat(pattern.match(ChannelId.of("/chat/lobby/x"))).isNull();
	}

	@Test
	void variablesMatchOneSegmentAnywhere() {
		ChannelPattern pattern = ChannelPattern.of("/chat/{room}/typing/{user}");
		assertThat(pattern.variables()).containsExactly("room", "user");
		assertThat(pattern.match(ChannelId.of("/chat/lobby/typing/ann")))
			.isEqualTo(Map.of("room", "lobby", "user", "ann"));
		assertThat(pattern.match(ChannelId.of("/chat/lobby/typing"))).isNull();
		assertThat(pattern.match(ChannelId.of("/chat/lobby/said/ann"))).isNull();
	}

	@Test
	void trailingWildcardsMatchLikeBayeuxWildcards() {
		assertThat(ChannelPattern.of("/stocks/*").match(ChannelId.of("/stocks/ACME"))).isEmpty();
		assertThat(ChannelPattern.of("/stocks/*").match(ChannelId.of("/stocks/nyse/ACME"))).isNull();
		assertThat(ChannelPattern.of("/stocks/*").match(ChannelId.of("/stocks"))).isNull();
		assertThat(ChannelPattern.of("/stocks/**").match(ChannelId.of("/stocks/nyse/ACME"))).isEmpty();
		assertThat(ChannelPattern.of("/stocks/**").match(ChannelId.of("/stocks"))).isNull();
		assertThat(ChannelPattern.of("/{market}/**").match(ChannelId.of("/nyse/a/b"))).isEqualTo(Map.of("market", "nyse"));
	}

	@Test
	void wildcardChannelsNeverMatch() {
		assertThat(ChannelPattern.of("/chat/**").match(ChannelId.of("/chat/*"))).isNull();
	}

	@Test
	void kindFollowsTheFirstSegment() {
		assertThat(ChannelPattern.of("/service/echo").kind()).isEqualTo(ChannelKind.SERVICE);
		assertThat(ChannelPattern.of("/meta/connect").kind()).isEqualTo(ChannelKind.META);
		assertThat(ChannelPattern.of("/{any}/x").kind()).isEqualTo(ChannelKind.BROADCAST);
	}

	@Test
	void mayMatchUnderIsConservativeForWildcards() {
		assertThat(ChannelPattern.of("/admin/**").mayMatchUnder(ChannelId.of("/**"))).isTrue();
		assertThat(ChannelPattern.of("/admin/**").mayMatchUnder(ChannelId.of("/admin/*"))).isTrue();
		assertThat(ChannelPattern.of("/admin/{x}").mayMatchUnder(ChannelId.of("/admin/**"))).isTrue();
		assertThat(ChannelPattern.of("/admin/**").mayMatchUnder(ChannelId.of("/chat/**"))).isFalse();
		assertThat(ChannelPattern.of("/admin").mayMatchUnder(ChannelId.of("/admin/x/**"))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "chat", "/chat/", "/chat/{}", "/chat/{room}/{room}", "/chat/*/x", "/chat/**/x",
			"/chat/a b", "/chat/{1room}" })
	void invalidPatternsAreRefused(String pattern) {
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelPattern.of(pattern));
	}

}
