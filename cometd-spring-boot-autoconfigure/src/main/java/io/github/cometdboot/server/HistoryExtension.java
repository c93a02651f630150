package io.github.cometdboot.server;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.cometdboot.Message;
import io.github.cometdboot.server.history.HistoryPosition;
import io.github.cometdboot.server.history.Recovery;
import org.jspecify.annotations.Nullable;

/**
 * The wire format of channel history (ours; documented in docs/delivery.md):
 * <ul>
 * <li>a message published on a channel that keeps history carries {@code ext.history: {offset, epoch}};</li>
 * <li>a {@code /meta/subscribe} to one such channel may carry {@code ext.history: {offset, epoch}}, the
 * position of the last message the client received, to receive what came after it before live ones;</li>
 * <li>the subscribe reply carries {@code ext.history: {offset, epoch}}, the channel's newest position,
 * and, when recovery was asked, {@code recovered: true}, or {@code recovered: false} with a
 * {@code reason}.</li>
 * </ul>
 */
final class HistoryExtension {

	static final String FIELD = "history";

	static final String OFFSET = "offset";

	static final String EPOCH = "epoch";

	private HistoryExtension() {
	}

	/**
	 * The {@code ext} of a published message, with its position added.
	 * @param ext the publisher's {@code ext}, left unchanged
	 * @param position the position
	 * @return a new {@code ext}
	 */
	static Map<String, Object> stamped(@Nullable Map<String, Object> ext, HistoryPosition position) {
		Map<String, Object> stamped = (ext != null) ? new LinkedHashMap<>(ext) : new LinkedHashMap<>();
		stamped.put(FIELD, positionMap(position));
		return stamped;
	}

	/** @return the position a subscribe asks to recover from, or {@code null} when it asks for none */
	static @Nullable HistoryPosition requested(Message subscribe) {
		Map<String, Object> ext = subscribe.ext();
		if (ext != null && ext.get(FIELD) instanceof Map<?, ?> history && history.get(OFFSET) instanceof Number offset
				&& history.get(EPOCH) instanceof String epoch) {
			return new HistoryPosition(offset.longValue(), epoch);
		}
		return null;
	}

	/**
	 * Describe the channel's history in a subscribe reply.
	 * @param reply the reply
	 * @param latest the newest position of the channel
	 * @param recovery the outcome of the recovery asked for, or {@code null} when none was
	 */
	static void describe(Message reply, HistoryPosition latest, @Nullable Recovery recovery) {
		Map<String, Object> history = positionMap(latest);
		if (recovery != null) {
			history.put("recovered", recovery.recovered());
			if (recovery.reason() != null) {
				history.put("reason", recovery.reason());
			}
		}
		Map<String, Object> ext = reply.ext();
		if (ext == null) {
			ext = new LinkedHashMap<>();
			reply.put(Message.EXT, ext);
		}
		ext.put(FIELD, history);
	}

	private static Map<String, Object> positionMap(HistoryPosition position) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put(OFFSET, position.offset());
		map.put(EPOCH, position.epoch());
		return map;
	}

}
