package io.github.cometdboot.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.ClusterUnavailableException;
import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.history.ChannelHistory;
import io.github.cometdboot.server.history.HistoryPosition;
import io.github.cometdboot.server.history.HistoryRetention;
import io.github.cometdboot.server.history.Recovery;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The history of a cluster, in Redis: every node appends to and reads from the same log per channel,
 * so offsets grow across the nodes and a client recovers on any node what was published on any other.
 * <p>
 * Each channel has a Redis Stream {@code <prefix>:history:{<channel>}} of its messages (field {@code o}
 * the offset, {@code m} the JSON as delivered), trimmed by size ({@code MAXLEN}) and by age
 * ({@code MINID}, the entry ids being the appending node's clock), and a hash
 * {@code <prefix>:history:{<channel>}:meta} with the channel's epoch and last offset. Both change only
 * in Lua scripts, so appends of all nodes are atomic and ordered.
 * <p>
 * The message carries its position, so it is encoded before it is stored: a node encodes it with the
 * offset after the last one it saw and the script stores it only if that is still the next offset of the
 * epoch, else answers the current last offset and the node encodes again (an optimistic append; on one
 * node the appends of a channel are already one at a time, so a retry means another node appended).
 * <p>
 * Each channel has its own epoch, random, created by the first node that needs it. It changes only when
 * the channel's keys are lost (Redis flushed, restarted without persistence, keys deleted): offsets
 * start again, and a client's older position gets {@code epoch_changed}. When Redis does not answer
 * within the timeout, an append fails with {@link ClusterUnavailableException} and the message is not
 * published; a read fails, and the recovery answers {@code unavailable}.
 */
public final class RedisChannelHistory implements ChannelHistory {

	/** The epoch answered when none could be read from Redis: it is the epoch of no channel. */
	static final String UNKNOWN_EPOCH = "unknown";

	private static final int MAX_ATTEMPTS = 100;

	/**
	 * Shared by the scripts: make sure the channel has an epoch, starting a new one (and dropping what
	 * is left) when the meta hash or the stream was lost. Leaves {@code epoch} and {@code last} set.
	 */
	private static final String ENSURE_EPOCH = """
			local epoch = redis.call('HGET', KEYS[2], 'epoch')
			local last = tonumber(redis.call('HGET', KEYS[2], 'last') or '0')
			if (not epoch) or (last > 0 and redis.call('EXISTS', KEYS[1]) == 0) then
			  redis.call('DEL', KEYS[1], KEYS[2])
			  epoch = ARGV[1]
			  last = 0
			  redis.call('HSET', KEYS[2], 'epoch', epoch, 'last', 0, 'ms', 0)
			end
			""";

	/**
	 * ARGV: new epoch, expected epoch, offset, JSON, now, size, max age. Answers {@code {1, epoch, offset}}
	 * when stored, else {@code {0, epoch, last}}.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> APPEND = RedisScript.of(ENSURE_EPOCH + """
			if epoch ~= ARGV[2] or last + 1 ~= tonumber(ARGV[3]) then
			  return { '0', epoch, tostring(last) }
			end
			local now = tonumber(ARGV[5])
			-- Entry ids follow the clock of the nodes, never backwards: the age trimming counts on them.
			local ms = math.max(now, tonumber(redis.call('HGET', KEYS[2], 'ms') or '0'))
			redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[6], ms .. '-*', 'o', ARGV[3], 'm', ARGV[4])
			redis.call('HSET', KEYS[2], 'last', ARGV[3], 'ms', ms)
			redis.call('XTRIM', KEYS[1], 'MINID', tostring(math.max(0, now - tonumber(ARGV[7]))))
			return { '1', epoch, ARGV[3] }
			""", List.class);

	/** Answers {@code {epoch, last}}. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> LATEST = RedisScript.of(ENSURE_EPOCH + """
			return { epoch, tostring(last) }
			""", List.class);

	/**
	 * ARGV: new epoch, position epoch, position offset, now, max age. Answers
	 * {@code {reason, epoch, last, json...}}, the reason empty when recovered.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> AFTER = RedisScript.of(ENSURE_EPOCH + """
			redis.call('XTRIM', KEYS[1], 'MINID', tostring(math.max(0, tonumber(ARGV[4]) - tonumber(ARGV[5]))))
			local answer = { '', epoch, tostring(last) }
			local from = tonumber(ARGV[3])
			if epoch ~= ARGV[2] then
			  answer[1] = 'epoch_changed'
			  return answer
			end
			if from > last or from < 0 then
			  answer[1] = 'unknown_offset'
			  return answer
			end
			local entries = redis.call('XRANGE', KEYS[1], '-', '+')
			-- Offsets are consecutive: everything before the oldest kept one was evicted.
			local evicted = last
			if #entries > 0 then
			  evicted = tonumber(entries[1][2][2]) - 1
			end
			if from < evicted then
			  answer[1] = 'too_old'
			  return answer
			end
			for _, entry in ipairs(entries) do
			  if tonumber(entry[2][2]) > from then
			    answer[#answer + 1] = entry[2][4]
			  end
			end
			return answer
			""", List.class);

	private final ReactiveStringRedisTemplate redis;

	private final MessageCodec codec;

	private final List<HistoryRetention> retentions;

	private final String prefix;

	private final Duration timeout;

	private final LongSupplier clock;

	/** The last position this node saw per channel: the guess of its next append. */
	private final Map<ChannelId, HistoryPosition> lastSeen = new ConcurrentHashMap<>();

	/**
	 * Create the history.
	 * @param connectionFactory the reactive Redis connections (Lettuce)
	 * @param codec the JSON codec, to decode the messages read back
	 * @param retentions which channels keep how much; the first whose pattern matches a channel applies
	 * @param prefix prefix of the Redis keys, as the engine's
	 * @param timeout how long a command waits for Redis
	 * @param clock the current time in milliseconds, for the age of the messages
	 */
	public RedisChannelHistory(ReactiveRedisConnectionFactory connectionFactory, MessageCodec codec,
			List<HistoryRetention> retentions, String prefix, Duration timeout, LongSupplier clock) {
		this.redis = new ReactiveStringRedisTemplate(connectionFactory);
		this.codec = codec;
		this.retentions = List.copyOf(retentions);
		this.prefix = prefix;
		this.timeout = timeout;
		this.clock = clock;
	}

	@Override
	public boolean keeps(ChannelId channel) {
		return HistoryRetention.of(this.retentions, channel) != null;
	}

	/**
	 * Each channel has its own epoch, in the positions; this one is the epoch of no channel, so a client
	 * that only knows it is told {@code epoch_changed} rather than given wrong messages.
	 * @return a fixed epoch that no channel has
	 */
	@Override
	public String epoch() {
		return UNKNOWN_EPOCH;
	}

	@Override
	public Mono<EncodedMessage> append(ChannelId channel, Function<HistoryPosition, EncodedMessage> encoder) {
		return Mono.defer(() -> {
			HistoryRetention retention = HistoryRetention.of(this.retentions, channel);
			if (retention == null) {
				return Mono.error(new IllegalArgumentException("No history is kept for " + channel));
			}
			HistoryPosition guess = this.lastSeen.getOrDefault(channel, new HistoryPosition(0, UNKNOWN_EPOCH));
			return attempt(channel, retention, encoder, guess, 1);
		}).onErrorMap((ex) -> !(ex instanceof IllegalArgumentException || ex instanceof ClusterUnavailableException),
				(ex) -> new ClusterUnavailableException("History of " + channel + " not stored in Redis", ex));
	}

	private Mono<EncodedMessage> attempt(ChannelId channel, HistoryRetention retention,
			Function<HistoryPosition, EncodedMessage> encoder, HistoryPosition last, int attempt) {
		if (attempt > MAX_ATTEMPTS) {
			return Mono.error(new IllegalStateException("History of " + channel + " too contended"));
		}
		HistoryPosition position = new HistoryPosition(last.offset() + 1, last.epoch());
		EncodedMessage message = encoder.apply(position);
		List<String> args = List.of(HistoryPosition.randomEpoch(), position.epoch(), Long.toString(position.offset()),
				new String(message.json(), StandardCharsets.UTF_8), Long.toString(this.clock.getAsLong()),
				Integer.toString(retention.size()), Long.toString(retention.maxAge().toMillis()));
		return run(APPEND, channel, args).flatMap((answer) -> {
			HistoryPosition current = new HistoryPosition(Long.parseLong(answer.get(2)), answer.get(1));
			this.lastSeen.put(channel, current);
			return "1".equals(answer.get(0)) ? Mono.just(message)
					: attempt(channel, retention, encoder, current, attempt + 1);
		});
	}

	@Override
	public Mono<HistoryPosition> latest(ChannelId channel) {
		return run(LATEST, channel, List.of(HistoryPosition.randomEpoch()))
			.map((answer) -> new HistoryPosition(Long.parseLong(answer.get(1)), answer.get(0)));
	}

	@Override
	public Mono<Recovery> after(ChannelId channel, HistoryPosition position) {
		return Mono.defer(() -> {
			HistoryRetention retention = HistoryRetention.of(this.retentions, channel);
			if (retention == null) {
				return Mono.just(Recovery.impossible(Recovery.NOT_KEPT, new HistoryPosition(0, UNKNOWN_EPOCH)));
			}
			List<String> args = List.of(HistoryPosition.randomEpoch(), position.epoch(),
					Long.toString(position.offset()), Long.toString(this.clock.getAsLong()),
					Long.toString(retention.maxAge().toMillis()));
			return run(AFTER, channel, args).map((answer) -> recovery(channel, answer));
		});
	}

	private Recovery recovery(ChannelId channel, List<String> answer) {
		HistoryPosition latest = new HistoryPosition(Long.parseLong(answer.get(2)), answer.get(1));
		if (!answer.get(0).isEmpty()) {
			return Recovery.impossible(answer.get(0), latest);
		}
		List<EncodedMessage> messages = new ArrayList<>(answer.size() - 3);
		for (String json : answer.subList(3, answer.size())) {
			byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
			messages.add(new EncodedMessage(channel, this.codec.decode(bytes).get(0), bytes));
		}
		return Recovery.of(messages, latest);
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private Mono<List<String>> run(RedisScript<List> script, ChannelId channel, List<String> args) {
		String stream = streamKey(channel);
		return this.redis.execute(script, List.of(stream, stream + ":meta"), args)
			.next()
			.map((answer) -> (List<String>) answer)
			.timeout(this.timeout);
	}

	/**
	 * The key of a channel's stream; its meta hash is this key followed by {@code :meta}. The channel is a
	 * hash tag, so that both keys of a channel live on one Redis Cluster node, as the scripts need.
	 * @param channel the channel
	 * @return the key
	 */
	String streamKey(ChannelId channel) {
		return this.prefix + ":history:{" + channel.name() + "}";
	}

	/** @return the keys of a channel, for the tests that lose them */
	List<String> keysOf(ChannelId channel) {
		return List.of(streamKey(channel), streamKey(channel) + ":meta");
	}

}
