package io.github.cometdboot.cluster.redis;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.github.cometdboot.server.SessionSnapshot;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The shared state of each session, one Redis hash per session ({@code <prefix>:session:<clientId>}):
 * its owner node, browser, user, subscriptions (each with the bus id from which it counts),
 * {@code sent}, the bus id up to which the client has been served, and for a client that uses the
 * {@code ack} extension, {@code batches}: the bus id up to which each connect reply not yet
 * acknowledged (and the last acknowledged one) served it. Ownership changes atomically, in
 * Lua scripts, so that a node that lost a session learns it before it writes a reply.
 */
final class SessionStore {

	/** Record the state if this node still owns the session (or nobody does yet). */
	private static final RedisScript<Long> SAVE = RedisScript.of("""
			local owner = redis.call('HGET', KEYS[1], 'owner')
			if owner and owner ~= ARGV[1] then return 0 end
			redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'browser', ARGV[2], 'user', ARGV[3], 'sent', ARGV[4],
			  'subs', ARGV[5], 'batches', ARGV[6])
			redis.call('PEXPIRE', KEYS[1], ARGV[7])
			return 1
			""", Long.class);

	/**
	 * Become the owner, and read what the new owner needs, with the highest id trimmed off the bus
	 * (to tell whether the undelivered messages are still there).
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CLAIM = RedisScript.of("""
			local f = redis.call('HMGET', KEYS[1], 'sent', 'subs', 'user', 'batches')
			if not f[1] then return false end
			local deleted = '0-0'
			local ok, info = pcall(redis.call, 'XINFO', 'STREAM', KEYS[2])
			if ok then
			  for i = 1, #info, 2 do
			    if info[i] == 'max-deleted-entry-id' then deleted = info[i + 1] end
			  end
			end
			redis.call('HSET', KEYS[1], 'owner', ARGV[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return { f[1], f[2] or '{}', f[3] or '', deleted, f[4] or '{}' }
			""", List.class);

	private static final RedisScript<Long> DELETE = RedisScript.of("""
			if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	private static final TypeReference<Map<String, String>> SUBSCRIPTIONS = new TypeReference<>() {
	};

	private static final TypeReference<TreeMap<Long, String>> BATCHES = new TypeReference<>() {
	};

	private final ReactiveStringRedisTemplate redis;

	private final RedisEngineSettings settings;

	private final JsonMapper mapper;

	SessionStore(ReactiveStringRedisTemplate redis, RedisEngineSettings settings, JsonMapper mapper) {
		this.redis = redis;
		this.settings = settings;
		this.mapper = mapper;
	}

	Mono<SessionSnapshot> find(String clientId) {
		return this.redis.<String, String>opsForHash()
			.entries(key(clientId))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.filter((fields) -> fields.containsKey("sent"))
			.map((fields) -> new SessionSnapshot(clientId, emptyToNull(fields.get("browser")),
					emptyToNull(fields.get("user")), lastBatch(readBatches(fields.get("batches")))));
	}

	Mono<Claim> claim(String clientId) {
		return this.redis
			.execute(CLAIM, List.of(key(clientId), this.settings.busKey()),
					List.of(this.settings.nodeId(), Long.toString(this.settings.sessionTtl().toMillis())))
			.next()
			.map((fields) -> new Claim(RecordId.of((String) fields.get(0)),
					new ConcurrentHashMap<>(readSubscriptions((String) fields.get(1))), emptyToNull((String) fields.get(2)),
					RecordId.of((String) fields.get(3)), readBatches((String) fields.get(4))));
	}

	Mono<Boolean> save(String clientId, @Nullable String browserId, @Nullable String user, String sent,
			Map<String, String> subscriptions, SortedMap<Long, String> batches) {
		List<String> args = List.of(this.settings.nodeId(), nullToEmpty(browserId), nullToEmpty(user), sent,
				writeSubscriptions(subscriptions), this.mapper.writeValueAsString(batches),
				Long.toString(this.settings.sessionTtl().toMillis()));
		return this.redis.execute(SAVE, List.of(key(clientId)), args).next().map((owned) -> owned == 1L);
	}

	Mono<Void> delete(String clientId) {
		return this.redis.execute(DELETE, List.of(key(clientId)), List.of(this.settings.nodeId())).then();
	}

	Map<String, String> readSubscriptions(String json) {
		return this.mapper.readValue(json, SUBSCRIPTIONS);
	}

	String writeSubscriptions(Map<String, String> subscriptions) {
		return this.mapper.writeValueAsString(subscriptions);
	}

	private SortedMap<Long, String> readBatches(@Nullable String json) {
		return (json == null || json.isEmpty()) ? new TreeMap<>() : this.mapper.readValue(json, BATCHES);
	}

	private static long lastBatch(SortedMap<Long, String> batches) {
		return batches.isEmpty() ? -1 : batches.lastKey();
	}

	private String key(String clientId) {
		return this.settings.prefix() + ":session:" + clientId;
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	private static String nullToEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	/**
	 * What a node that takes a session over needs.
	 *
	 * @param sent the bus id up to which the client was served
	 * @param subscriptions each subscription with the bus id from which it counts (concurrent: a
	 * subscription made on the previous owner during the takeover is added)
	 * @param user the principal name, if any
	 * @param maxDeleted the highest id trimmed off the bus
	 * @param batches for a client that acknowledges, the bus id up to which each connect reply served
	 * it, from the last one it acknowledged on; empty for a client that does not acknowledge
	 */
	record Claim(RecordId sent, Map<String, String> subscriptions, @Nullable String user, RecordId maxDeleted,
			SortedMap<Long, String> batches) {

		/** @return the bus id after which the client may have missed entries */
		RecordId replayFrom() {
			return this.batches.isEmpty() ? this.sent : RecordId.of(this.batches.get(this.batches.firstKey()));
		}

	}

}
