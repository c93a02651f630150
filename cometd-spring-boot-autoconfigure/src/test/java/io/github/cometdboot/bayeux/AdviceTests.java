package io.github.cometdboot.bayeux;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Advice}: the JSON objects clients receive.
 */
class AdviceTests {

	@Test
	void retryHasEveryTiming() {
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("reconnect", "retry");
		expected.put("interval", 0L);
		expected.put("timeout", 20000L);
		expected.put("maxInterval", 10000L);
		assertThat(Advice.retry(0, 20000, 10000).toMap()).containsExactlyEntriesOf(expected);
	}

	@Test
	void rehandshakeIsHandshakeAtOnce() {
		assertThat(Advice.REHANDSHAKE.toMap()).containsExactly(Map.entry("reconnect", "handshake"),
				Map.entry("interval", 0L));
	}

	@Test
	void stopOnlySaysNone() {
		assertThat(Advice.STOP.toMap()).containsExactly(Map.entry("reconnect", "none"));
	}

	@Test
	void multipleClientsPolls() {
		assertThat(Advice.multipleClients(2000).toMap()).containsExactly(Map.entry("reconnect", "retry"),
				Map.entry("interval", 2000L), Map.entry("multiple-clients", true));
	}

	@Test
	void negativeValuesAreOmitted() {
		assertThat(new Advice(Advice.RETRY, -1, 5, -1, false).toMap()).containsOnlyKeys("reconnect", "timeout");
	}

	@Test
	void encodesAsClientsExpect() {
		MessageCodec codec = new MessageCodec();
		assertThat(new String(codec.encodeValue(Advice.retry(0, 20000, 10000).toMap()), StandardCharsets.UTF_8))
			.isEqualTo("{\"reconnect\":\"retry\",\"interval\":0,\"timeout\":20000,\"maxInterval\":10000}");
		assertThat(new String(codec.encodeValue(Advice.multipleClients(2000).toMap()), StandardCharsets.UTF_8))
			.isEqualTo("{\"reconnect\":\"retry\",\"interval\":2000,\"multiple-clients\":true}");
		assertThat(new String(codec.encodeValue(Advice.REHANDSHAKE.toMap()), StandardCharsets.UTF_8))
			.isEqualTo("{\"reconnect\":\"handshake\",\"interval\":0}");
	}

}
