package io.github.cometdboot.server.history;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.bayeux.ChannelPattern;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.EncodedMessage;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InMemoryChannelHistory}: offsets, size and age bounds, and the answers to recovery.
 */
class InMemoryChannelHistoryTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

	private static final ChannelId ROOM = ChannelId.of("/rooms/a");

	private final AtomicLong now = new AtomicLong(1_000);

	private final InMemoryChannelHistory history = new InMemoryChannelHistory(
			List.of(new HistoryRetention(ChannelPattern.of("/rooms/*"), 3, Duration.ofSeconds(10))), this.now::get,
			"e1");

	@Test
	void keepsOnlyMatchingBroadcastChannels() {
		assertThat(this.history.keeps(ROOM)).isTrue();
		assertThat(this.history.keeps(ChannelId.of("/rooms/a/b"))).isFalse();
		assertThat(this.history.keeps(ChannelId.of("/rooms/*"))).isFalse();
		assertThat(this.history.keeps(ChannelId.of("/other"))).isFalse();
	}

	@Test
	void offsetsStartAtOneAndGrowPerChannel() {
		assertThat(append(ROOM, "a").offset()).isEqualTo(1);
		assertThat(append(ROOM, "b").offset()).isEqualTo(2);
		assertThat(append(ChannelId.of("/rooms/b"), "c").offset()).isEqualTo(1);
		assertThat(append(ROOM, "d")).isEqualTo(new HistoryPosition(3, "e1"));
		StepVerifier.create(this.history.latest(ROOM))
			.expectNext(new HistoryPosition(3, "e1"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void recoversEverythingAfterAKeptPosition() {
		append(ROOM, "a");
		append(ROOM, "b");
		append(ROOM, "c");
		Recovery recovery = after(ROOM, 1, "e1");
		assertThat(recovery.recovered()).isTrue();
		assertThat(data(recovery)).containsExactly("b", "c");
		assertThat(recovery.latest().offset()).isEqualTo(3);
		assertThat(after(ROOM, 3, "e1").messages()).isEmpty();
		assertThat(after(ChannelId.of("/rooms/new"), 0, "e1").recovered()).isTrue();
	}

	@Test
	void aPositionBeforeEvictedMessagesCannotBeRecovered() {
		for (String data : List.of("a", "b", "c", "d", "e")) {
			append(ROOM, data);
		}
		// Size 3 keeps c, d, e: a client that had a (1) missed b, which is gone.
		assertThat(after(ROOM, 1, "e1")).isEqualTo(Recovery.impossible(Recovery.TOO_OLD, new HistoryPosition(5, "e1")));
		assertThat(data(after(ROOM, 2, "e1"))).containsExactly("c", "d", "e");
	}

	@Test
	void messagesOlderThanTheMaxAgeAreEvicted() {
		append(ROOM, "old");
		this.now.addAndGet(6_000);
		append(ROOM, "newer");
		this.now.addAndGet(5_000);
		assertThat(data(after(ROOM, 1, "e1"))).containsExactly("newer");
		assertThat(after(ROOM, 0, "e1").reason()).isEqualTo(Recovery.TOO_OLD);
	}

	@Test
	void anotherEpochOrAnUnknownOffsetIsRefusedPlainly() {
		append(ROOM, "a");
		assertThat(after(ROOM, 1, "e0").reason()).isEqualTo(Recovery.EPOCH_CHANGED);
		assertThat(after(ROOM, 7, "e1").reason()).isEqualTo(Recovery.UNKNOWN_OFFSET);
		assertThat(after(ChannelId.of("/rooms/new"), 4, "e1").reason()).isEqualTo(Recovery.UNKNOWN_OFFSET);
		assertThat(after(ChannelId.of("/other"), 0, "e1").reason()).isEqualTo(Recovery.NOT_KEPT);
	}

	@Test
	void eachInstanceHasItsOwnEpoch() {
		InMemoryChannelHistory other = new InMemoryChannelHistory(List.of(), this.now::get);
		assertThat(other.epoch()).isNotEqualTo(new InMemoryChannelHistory(List.of(), this.now::get).epoch())
			.hasSizeGreaterThanOrEqualTo(12);
	}

	private HistoryPosition append(ChannelId channel, String data) {
		HistoryPosition[] position = new HistoryPosition[1];
		this.history.append(channel, (given) -> {
			position[0] = given;
			Message message = Message.on(channel.name()).put(Message.DATA, data);
			return new EncodedMessage(channel, message, new byte[0]);
		}).block(VERIFY_TIMEOUT);
		return position[0];
	}

	private Recovery after(ChannelId channel, long offset, String epoch) {
		return this.history.after(channel, new HistoryPosition(offset, epoch)).block(VERIFY_TIMEOUT);
	}

	private static List<Object> data(Recovery recovery) {
		return recovery.messages().stream().map((message) -> message.message().data()).toList();
	}

}
