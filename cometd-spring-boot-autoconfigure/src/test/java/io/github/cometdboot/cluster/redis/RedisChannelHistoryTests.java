package io.github.cometdboot.cluster.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.bayeux.ChannelPattern;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.ClusterUnavailableException;
import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.InMemoryEngine;
import io.github.cometdboot.server.ServerSettings;
import io.github.cometdboot.server.history.HistoryPosition;
import io.github.cometdboot.server.history.HistoryRetention;
import io.github.cometdboot.server.history.Recovery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisChannelHistory} on the real Redis: two instances on one key prefix stand for two
 * nodes of a cluster. Offsets, size and age bounds, the answers to recovery, the epoch shared by the
 * nodes and renewed when the keys are lost, concurrent appends, and Redis unreachable.
 */
class RedisChannelHistoryTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final ChannelId ROOM = ChannelId.of("/rooms/a");

	private static final List<HistoryRetention> RETENTIONS = List
		.of(new HistoryRetention(ChannelPattern.of("/rooms/*"), 3, Duration.ofSeconds(10)));

	private final MessageCodec codec = new MessageCodec();

	private final AtomicLong now = new AtomicLong(1_000);

	private final String prefix = "cometd-history-test-" + UUID.randomUUID();

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private final RedisChannelHistory nodeA = history(RedisServer.shared().port());

	private final RedisChannelHistory nodeB = history(RedisServer.shared().port());

	@AfterEach
	void close() {
		this.factories.forEach(LettuceConnectionFactory::destroy);
	}

	@Test
	void offsetsStartAtOneAndGrowPerChannelAcrossNodes() {
		HistoryPosition first = append(this.nodeA, ROOM, "a");
		assertThat(first.offset()).isEqualTo(1);
		assertThat(append(this.nodeB, ROOM, "b")).isEqualTo(new HistoryPosition(2, first.epoch()));
		assertThat(append(this.nodeA, ROOM, "c")).isEqualTo(new HistoryPosition(3, first.epoch()));
		assertThat(append(this.nodeB, ChannelId.of("/rooms/b"), "d").offset()).isEqualTo(1);
		StepVerifier.create(this.nodeB.latest(ROOM))
			.expectNext(new HistoryPosition(3, first.epoch()))
			.expectComplete()
			.verify(WAIT);
	}

	@Test
	void aNodeRecoversWhatAnotherAppendedInOrder() {
		HistoryPosition a = append(this.nodeA, ROOM, "a");
		append(this.nodeB, ROOM, "b");
		append(this.nodeA, ROOM, "c");
		Recovery recovery = after(this.nodeB, ROOM, a);
		assertThat(recovery.recovered()).isTrue();
		assertThat(data(recovery)).containsExactly("b", "c");
		assertThat(recovery.messages().get(0).channel()).isEqualTo(ROOM);
		assertThat(recovery.latest()).isEqualTo(new HistoryPosition(3, a.epoch()));
		assertThat(after(this.nodeA, ROOM, new HistoryPosition(3, a.epoch())).messages()).isEmpty();
	}

	@Test
	void aNewChannelHasAnEpochThatAllNodesAgreeOn() {
		HistoryPosition latest = this.nodeA.latest(ROOM).block(WAIT);
		assertThat(latest.offset()).isZero();
		assertThat(this.nodeB.latest(ROOM).block(WAIT)).isEqualTo(latest);
		assertThat(after(this.nodeB, ROOM, latest).recovered()).isTrue();
		assertThat(append(this.nodeB, ROOM, "a")).isEqualTo(new HistoryPosition(1, latest.epoch()));
	}

	@Test
	void aPositionBeforeEvictedMessagesCannotBeRecovered() {
		HistoryPosition first = append(this.nodeA, ROOM, "a");
		for (String data : List.of("b", "c", "d", "e")) {
			append(this.nodeB, ROOM, data);
		}
		// Size 3 keeps c, d, e: a client that had a (1) missed b, which is gone.
		assertThat(after(this.nodeA, ROOM, first))
			.isEqualTo(Recovery.impossible(Recovery.TOO_OLD, new HistoryPosition(5, first.epoch())));
		assertThat(data(after(this.nodeA, ROOM, new HistoryPosition(2, first.epoch())))).containsExactly("c", "d",
				"e");
	}

	@Test
	void messagesOlderThanTheMaxAgeAreEvicted() {
		HistoryPosition old = append(this.nodeA, ROOM, "old");
		this.now.addAndGet(6_000);
		append(this.nodeB, ROOM, "newer");
		this.now.addAndGet(5_000);
		assertThat(data(after(this.nodeA, ROOM, old))).containsExactly("newer");
		assertThat(after(this.nodeB, ROOM, new HistoryPosition(0, old.epoch())).reason()).isEqualTo(Recovery.TOO_OLD);
		this.now.addAndGet(10_000);
		assertThat(after(this.nodeB, ROOM, old).reason()).isEqualTo(Recovery.TOO_OLD);
		assertThat(after(this.nodeB, ROOM, new HistoryPosition(2, old.epoch())).recovered()).isTrue();
	}

	@Test
	void anotherEpochOrAnUnknownOffsetIsRefusedPlainly() {
		HistoryPosition a = append(this.nodeA, ROOM, "a");
		assertThat(after(this.nodeB, ROOM, new HistoryPosition(1, "e0")).reason()).isEqualTo(Recovery.EPOCH_CHANGED);
		assertThat(after(this.nodeB, ROOM, new HistoryPosition(7, a.epoch())).reason())
			.isEqualTo(Recovery.UNKNOWN_OFFSET);
		assertThat(after(this.nodeB, ChannelId.of("/other"), a).reason()).isEqualTo(Recovery.NOT_KEPT);
		assertThat(this.nodeA.keeps(ChannelId.of("/rooms/*"))).isFalse();
		assertThat(this.nodeA.keeps(ChannelId.of("/rooms/a/b"))).isFalse();
	}

	@Test
	void lostKeysStartANewEpochThatRecoveryReportsAsChanged() {
		HistoryPosition before = append(this.nodeA, ROOM, "a");
		append(this.nodeA, ROOM, "b");
		ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(this.factories.get(0));
		redis.delete(this.nodeA.streamKey(ROOM)).block(WAIT);

		// Only the stream was lost: the meta left behind is not trusted either.
		Recovery recovery = after(this.nodeB, ROOM, before);
		assertThat(recovery.reason()).isEqualTo(Recovery.EPOCH_CHANGED);
		assertThat(recovery.latest().epoch()).isNotEqualTo(before.epoch());
		assertThat(recovery.latest().offset()).isZero();
		// The node that appended before has the old epoch in mind: its next append still gets the new one.
		assertThat(append(this.nodeA, ROOM, "c")).isEqualTo(new HistoryPosition(1, recovery.latest().epoch()));

		redis.delete(Flux.fromIterable(this.nodeA.keysOf(ROOM))).block(WAIT);
		assertThat(append(this.nodeB, ROOM, "d").epoch()).isNotEqualTo(recovery.latest().epoch());
	}

	@Test
	void concurrentAppendsOfTwoNodesGetDistinctIncreasingOffsets() throws Exception {
		int perNode = 100;
		List<Long> ofA = Collections.synchronizedList(new ArrayList<>());
		List<Long> ofB = Collections.synchronizedList(new ArrayList<>());
		CompletableFuture<Void> a = CompletableFuture.runAsync(() -> appendMany(this.nodeA, perNode, ofA));
		CompletableFuture<Void> b = CompletableFuture.runAsync(() -> appendMany(this.nodeB, perNode, ofB));
		CompletableFuture.allOf(a, b).get(60, TimeUnit.SECONDS);

		assertThat(ofA).isSorted().doesNotHaveDuplicates();
		assertThat(ofB).isSorted().doesNotHaveDuplicates();
		List<Long> all = new ArrayList<>(ofA);
		all.addAll(ofB);
		assertThat(all).doesNotHaveDuplicates().hasSize(2 * perNode);
		assertThat(Collections.max(all)).isEqualTo(2L * perNode);
		// The stream holds the newest in offset order (size 3): exactly the last three offsets.
		HistoryPosition latest = this.nodeA.latest(ROOM).block(WAIT);
		Recovery recovery = after(this.nodeB, ROOM, new HistoryPosition(latest.offset() - 3, latest.epoch()));
		assertThat(recovery.messages()).extracting((message) -> message.message().ext())
			.extracting((ext) -> ((Number) ((Map<?, ?>) ext.get("history")).get("offset")).longValue())
			.containsExactly(2L * perNode - 2, 2L * perNode - 1, 2L * perNode);
	}

	@Test
	void anUnreachableRedisFailsAppendsAsClusterUnavailableAndReadsWithAnError() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		RedisChannelHistory unreachable = history(closedPort);
		StepVerifier.create(unreachable.append(ROOM, (position) -> encode(ROOM, "lost", position)))
			.expectError(ClusterUnavailableException.class)
			.verify(WAIT);
		StepVerifier.create(unreachable.after(ROOM, new HistoryPosition(0, "e1"))).expectError().verify(WAIT);

		// A publish on the server fails as when the engine cannot reach Redis (503::cluster_unavailable).
		BayeuxServer server = new BayeuxServer(ServerSettings.defaults(), this.codec, new InMemoryEngine(),
				SecurityPolicy.ALLOW_ALL, Schedulers.parallel(), unreachable);
		server.start();
		try {
			StepVerifier.create(server.publish(ROOM.name(), "lost"))
				.expectError(ClusterUnavailableException.class)
				.verify(WAIT);
		}
		finally {
			server.stop();
		}
	}

	private void appendMany(RedisChannelHistory history, int count, List<Long> offsets) {
		// One node serializes its appends per channel (HistorySequencer): one at a time here too.
		for (int i = 0; i < count; i++) {
			offsets.add(append(history, ROOM, i).offset());
		}
	}

	private RedisChannelHistory history(int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		this.factories.add(factory);
		return new RedisChannelHistory(factory, this.codec, RETENTIONS, this.prefix, Duration.ofSeconds(2),
				this.now::get);
	}

	private HistoryPosition append(RedisChannelHistory history, ChannelId channel, Object data) {
		HistoryPosition[] position = new HistoryPosition[1];
		history.append(channel, (given) -> {
			position[0] = given;
			return encode(channel, data, given);
		}).block(WAIT);
		return position[0];
	}

	private EncodedMessage encode(ChannelId channel, Object data, HistoryPosition position) {
		Message message = Message.on(channel.name()).put(Message.DATA, data);
		message.put(Message.EXT, Map.of("history",
				Map.of("offset", position.offset(), "epoch", position.epoch())));
		return new EncodedMessage(channel, message, this.codec.encode(message));
	}

	private static Recovery after(RedisChannelHistory history, ChannelId channel, HistoryPosition position) {
		return history.after(channel, position).block(WAIT);
	}

	private static List<Object> data(Recovery recovery) {
		return recovery.messages().stream().map((message) -> message.message().data()).toList();
	}

}
