package io.github.cometdboot.bayeux;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BayeuxError}: the {@code code:args:text} strings clients branch on.
 */
class BayeuxErrorTests {

	private static final String FORMAT = "\\d{3}:[^:]*:[^:]+";

	@Test
	void constantsAreWhatCometdSends() {
		assertThat(BayeuxError.SESSION_UNKNOWN).isEqualTo("402::session_unknown");
		assertThat(BayeuxError.HANDSHAKE_DENIED).isEqualTo("403::handshake_denied");
		assertThat(BayeuxError.SUBSCRIPTION_MISSING).isEqualTo("403::subscription_missing");
		assertThat(BayeuxError.SUBSCRIPTION_INVALID).isEqualTo("403::subscription_invalid");
		assertThat(BayeuxError.CHANNEL_MISSING).isEqualTo("400::channel_missing");
		assertThat(BayeuxError.CHANNEL_INVALID).isEqualTo("405::channel_invalid");
		assertThat(BayeuxError.MESSAGE_ID_INVALID).isEqualTo("405::message_id_invalid");
	}

	@Test
	void everyConstantHasTheBayeuxFormat() {
		List<String> all = List.of(BayeuxError.SESSION_UNKNOWN, BayeuxError.HANDSHAKE_DENIED,
				BayeuxError.NO_COMMON_TRANSPORT, BayeuxError.SUBSCRIPTION_MISSING, BayeuxError.SUBSCRIPTION_INVALID,
				BayeuxError.CHANNEL_MISSING, BayeuxError.CHANNEL_INVALID, BayeuxError.MESSAGE_ID_INVALID,
				BayeuxError.CONNECTION_TYPE_INVALID, BayeuxError.MESSAGE_INVALID, BayeuxError.MESSAGE_TOO_LARGE,
				BayeuxError.PUBLISH_FAILED, BayeuxError.SERVICE_FAILED);
		assertThat(all).allSatisfy((error) -> assertThat(error).matches(FORMAT));
	}

	@Test
	void subscribeDenied() {
		assertThat(BayeuxError.subscribeDenied("denied")).isEqualTo("403:denied:subscribe_denied");
	}

	@Test
	void publishDenied() {
		assertThat(BayeuxError.publishDenied("denied")).isEqualTo("403:denied:publish_denied");
	}

	@Test
	void reasonCannotBreakTheFormat() {
		assertThat(BayeuxError.subscribeDenied("not:allowed")).isEqualTo("403:not allowed:subscribe_denied")
			.matches(FORMAT);
		assertThat(BayeuxError.publishDenied("a:b:c")).matches(FORMAT).endsWith(":publish_denied");
	}

}
