package io.github.cometdboot.server.transport;

import io.github.cometdboot.server.transport.StreamReplay.StreamedBatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StreamReplay}.
 */
class StreamReplayTests {

	@Test
	void batchesAreNumberedFromOneInOrder() {
		StreamReplay replay = new StreamReplay(10);
		assertThat(replay.record(new byte[] { '[', ']' }, 1).id()).isEqualTo(1);
		assertThat(replay.record(new byte[] { '[', ']' }, 1).id()).isEqualTo(2);
		assertThat(replay.after(0)).extracting(StreamedBatch::id).containsExactly(1L, 2L);
		assertThat(replay.after(1)).extracting(StreamedBatch::id).containsExactly(2L);
		assertThat(replay.after(2)).isEmpty();
		assertThat(replay.after(99)).isEmpty();
	}

	@Test
	void keepsAtMostItsCapacityOfMessagesDroppingTheOldestBatches() {
		StreamReplay replay = new StreamReplay(50);
		for (int i = 0; i < 60; i++) {
			replay.record(new byte[] { '[', ']' }, 1);
		}
		assertThat(replay.after(0)).hasSize(50).first().extracting(StreamedBatch::id).isEqualTo(11L);
		replay.record(new byte[] { '[', ']' }, 30);
		assertThat(replay.after(0)).extracting(StreamedBatch::size).containsOnly(1, 30)
			.hasSize(21);
	}

	@Test
	void keepsTheLatestBatchEvenWhenItAloneExceedsTheCapacity() {
		StreamReplay replay = new StreamReplay(5);
		replay.record(new byte[] { '[', ']' }, 2);
		replay.record(new byte[] { '[', ']' }, 8);
		assertThat(replay.after(0)).singleElement().extracting(StreamedBatch::id).isEqualTo(2L);
	}

}
