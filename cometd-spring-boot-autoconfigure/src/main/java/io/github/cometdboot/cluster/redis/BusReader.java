package io.github.cometdboot.cluster.redis;

import java.time.Duration;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.stream.StreamReceiver;
import org.springframework.data.redis.stream.StreamReceiver.StreamReceiverOptions;

/**
 * Reads the bus stream in order, from where this node joined, and hands each entry to a consumer
 * exactly once: after a failure (Redis restarting, say) it reads again from the last entry it
 * handled, with backoff, and skips anything at or before that entry.
 */
final class BusReader {

	private static final Logger logger = LoggerFactory.getLogger(BusReader.class);

	private static final RecordId BEGINNING = RecordId.of(0, 0);

	private final ReactiveStringRedisTemplate redis;

	private final StreamReceiver<String, MapRecord<String, String, String>> receiver;

	private final String key;

	private volatile @Nullable RecordId lastId;

	private volatile boolean reading;

	BusReader(ReactiveRedisConnectionFactory connectionFactory, ReactiveStringRedisTemplate redis, String key,
			Duration pollTimeout) {
		this.redis = redis;
		this.key = key;
		this.receiver = StreamReceiver.create(connectionFactory,
				StreamReceiverOptions.builder().pollTimeout(pollTimeout).batchSize(256).build());
	}

	/**
	 * Take the stream's newest entry as the position to read after, so that this node sees every entry
	 * added from now on, its own included. Without Redis, the position is taken at the first read.
	 * @param timeout how long to wait for Redis
	 */
	void positionAtEnd(Duration timeout) {
		try {
			this.lastId = newest().block(timeout);
		}
		catch (RuntimeException ex) {
			logger.warn("Redis unavailable at start: the bus is read from its end once Redis is back", ex);
		}
	}

	/**
	 * Read until disposed.
	 * @param handler what to do with each entry, called in stream order, each after the previous one
	 * completed
	 * @return the disposable that stops reading
	 */
	Disposable start(Function<MapRecord<String, String, String>, Mono<Void>> handler) {
		return Flux.defer(this::readAfterLast)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
				.maxBackoff(Duration.ofSeconds(2))
				.transientErrors(true)
				.doBeforeRetry((signal) -> {
					this.reading = false;
					logger.warn("Reading the bus {} failed, resuming after {}: {}", this.key, this.lastId,
							signal.failure().toString());
				}))
			.concatMap((entry) -> handle(entry, handler))
			.subscribe();
	}

	/** @return whether the reader's last attempt to read is still going (not waiting to retry) */
	boolean isReading() {
		return this.reading;
	}

	/** @return the id of the last entry handled, if any */
	@Nullable RecordId lastId() {
		return this.lastId;
	}

	private Flux<MapRecord<String, String, String>> readAfterLast() {
		RecordId from = this.lastId;
		Mono<RecordId> position = (from != null) ? Mono.just(from) : newest();
		return position.flatMapMany((id) -> {
			this.reading = true;
			return this.receiver.receive(StreamOffset.create(this.key, ReadOffset.from(id)));
		});
	}

	private Mono<Void> handle(MapRecord<String, String, String> entry,
			Function<MapRecord<String, String, String>, Mono<Void>> handler) {
		RecordId last = this.lastId;
		RecordId id = entry.getId();
		if (last != null && !isAfter(id, last)) {
			return Mono.empty();
		}
		this.lastId = id;
		return Mono.defer(() -> handler.apply(entry)).onErrorResume((ex) -> {
			logger.error("Could not handle bus entry {}", id, ex);
			return Mono.empty();
		});
	}

	private Mono<RecordId> newest() {
		return this.redis.opsForStream()
			.reverseRange(this.key, Range.unbounded(), Limit.limit().count(1))
			.next()
			.map(MapRecord::getId)
			.defaultIfEmpty(BEGINNING);
	}

	static boolean isAfter(RecordId id, RecordId other) {
		long timestamp = id.getTimestamp();
		long otherTimestamp = other.getTimestamp();
		return timestamp > otherTimestamp || (timestamp == otherTimestamp && id.getSequence() > other.getSequence());
	}

}
