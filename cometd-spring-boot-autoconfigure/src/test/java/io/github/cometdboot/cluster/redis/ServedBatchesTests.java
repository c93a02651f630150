package io.github.cometdboot.cluster.redis;

import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.stream.RecordId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServedBatches#carrying}: which unacknowledged connect reply of a previous owner
 * carried a bus entry.
 */
class ServedBatchesTests {

	private final SortedMap<Long, String> shared = new TreeMap<>();

	ServedBatchesTests() {
		// Batch 4 was acknowledged and served up to 10-0; 5 served up to 20-0, 6 (empty) too, 7 up to 30-0.
		this.shared.put(4L, "10-0");
		this.shared.put(5L, "20-0");
		this.shared.put(6L, "20-0");
		this.shared.put(7L, "30-0");
	}

	@Test
	void entryIsCarriedByTheFirstBatchThatServedUpToIt() {
		assertThat(ServedBatches.carrying(this.shared, RecordId.of("11-0"))).isEqualTo(5L);
		assertThat(ServedBatches.carrying(this.shared, RecordId.of("20-0"))).isEqualTo(5L);
		assertThat(ServedBatches.carrying(this.shared, RecordId.of("20-1"))).isEqualTo(7L);
		assertThat(ServedBatches.carrying(this.shared, RecordId.of("30-0"))).isEqualTo(7L);
	}

	@Test
	void entryOfTheAcknowledgedBatchOrAfterTheLastIsCarriedByNone() {
		assertThat(ServedBatches.carrying(this.shared, RecordId.of("10-0"))).isNull();
		assertThat(ServedBatches.carrying(this.shared, RecordId.of("9-5"))).isNull();
		assertThat(ServedBatches.carrying(this.shared, RecordId.of("30-1"))).isNull();
	}

	@Test
	void clientThatDoesNotAcknowledgeHasNoBatches() {
		assertThat(ServedBatches.carrying(new TreeMap<>(), RecordId.of("1-0"))).isNull();
	}

}
