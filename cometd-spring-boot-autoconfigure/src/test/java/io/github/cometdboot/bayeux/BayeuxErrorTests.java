package io.github.cometdboot.bayeux;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BayeuxError}: the {@code code:args:text} strings clients branch on.
 */
class BayeuxErrorTests {

	private static final String FORMAT = "\\d{3}:[^:]*:[^:]+";

	/** Constants that are meant to send the same string as another: CometD answers both alike. */
	private static final Set<String> ALIASES = Set.of("NO_COMMON_TRANSPORT");

	@Test
	void constantsAreWhatCometdSends() {
		assertThat(BayeuxError.SESSION_UNKNOWN).isEqualTo("402::session_unknown");
		assertThat(BayeuxError.HANDSHAKE_DENIED).isEqualTo("403::handshake_denied");
		assertThat(BayeuxError.NO_COMMON_TRANSPORT).isEqualTo(BayeuxError.HANDSHAKE_DENIED);
		assertThat(BayeuxError.SUBSCRIPTION_MISSING).isEqualTo("403::subscription_missing");
		assertThat(BayeuxError.SUBSCRIPTION_INVALID).isEqualTo("403::subscription_invalid");
		assertThat(BayeuxError.CHANNEL_MISSING).isEqualTo("400::channel_missing");
		assertThat(BayeuxError.CHANNEL_INVALID).isEqualTo("405::channel_invalid");
		assertThat(BayeuxError.MESSAGE_ID_INVALID).isEqualTo("405::message_id_invalid");
	}

	@Test
	void everyConstantHasTheBayeuxFormat() {
		assertThat(constants()).hasSizeGreaterThanOrEqualTo(21)
			.allSatisfy((name, error) -> assertThat(error).as(name).matches(FORMAT));
	}

	@Test
	void everyConstantNamesItsOwnRefusal() {
		Map<String, String> owners = new LinkedHashMap<>();
		constants().forEach((name, error) -> {
			if (!ALIASES.contains(name)) {
				assertThat(owners.putIfAbsent(error, name)).as("%s and another constant send %s", name, error)
					.isNull();
			}
		});
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

	/** Every public constant by name, so that one added later is checked without being listed here. */
	private static Map<String, String> constants() {
		List<Field> fields = Arrays.stream(BayeuxError.class.getFields())
			.filter((field) -> Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers())
					&& field.getType() == String.class)
			.toList();
		Map<String, String> constants = new LinkedHashMap<>();
		for (Field field : fields) {
			try {
				constants.put(field.getName(), (String) field.get(null));
			}
			catch (IllegalAccessException ex) {
				throw new AssertionError(ex);
			}
		}
		return constants;
	}

}
