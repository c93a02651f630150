package io.github.cometdboot.cluster.redis;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentSkipListMap;

import io.github.cometdboot.server.session.ServerSession;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.stream.RecordId;

/**
 * For a session whose client uses the {@code ack} extension: the bus id up to which each connect
 * reply (each batch) served the client, kept with the session from the last batch the client
 * acknowledged on. The session's record in Redis shares it, so that a node taking the session over
 * after a crash knows which bus entries each unacknowledged reply carried, and sends them again.
 */
final class ServedBatches {

	private static final String ATTRIBUTE = ServedBatches.class.getName();

	private ServedBatches() {
	}

	/**
	 * Note how far the reply about to be numbered serves the client: an acknowledging session's queue
	 * is drained only for its next connect reply.
	 * @param session an acknowledging session
	 * @param sent the bus id up to which the drain served it
	 */
	static void draining(ServerSession session, String sent) {
		of(session, sent).put(session.lastBatch() + 1, sent);
	}

	/**
	 * The batches worth sharing: the last one the client acknowledged, and every later one. The
	 * earlier ones are forgotten here too.
	 * @param session the session
	 * @param sent how far it was served, for a session that has not drained yet
	 * @return the batches by number, empty for a client that does not acknowledge
	 */
	static SortedMap<Long, String> toShare(ServerSession session, String sent) {
		if (!session.isAcknowledging()) {
			return Collections.emptySortedMap();
		}
		ConcurrentSkipListMap<Long, String> batches = of(session, sent);
		Long acknowledged = batches.floorKey(session.acknowledgedBatch());
		if (acknowledged != null) {
			batches.headMap(acknowledged).clear();
		}
		return batches;
	}

	/**
	 * Carry on with what the previous owner of a session shared.
	 * @param session the session taken over
	 * @param shared the batches the previous owner shared
	 */
	static void takeOver(ServerSession session, SortedMap<Long, String> shared) {
		if (session.isAcknowledging()) {
			session.attributes().put(ATTRIBUTE, new ConcurrentSkipListMap<>(shared));
		}
	}

	/**
	 * The batch that carried a bus entry to the client, if one did and the client may not have
	 * received it.
	 * @param shared the batches a previous owner shared, the first one being the last acknowledged
	 * @param id the entry
	 * @return the first batch that served up to the entry; {@code null} when none did, or when the
	 * acknowledged batch did
	 */
	static @Nullable Long carrying(SortedMap<Long, String> shared, RecordId id) {
		for (Map.Entry<Long, String> batch : shared.entrySet()) {
			if (!BusReader.isAfter(id, RecordId.of(batch.getValue()))) {
				return batch.getKey().equals(shared.firstKey()) ? null : batch.getKey();
			}
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	private static ConcurrentSkipListMap<Long, String> of(ServerSession session, String sent) {
		// Before its first connect reply, the client has been served up to where the session started.
		return (ConcurrentSkipListMap<Long, String>) session.attributes()
			.computeIfAbsent(ATTRIBUTE, (key) -> new ConcurrentSkipListMap<>(Map.of(0L, sent)));
	}

}
