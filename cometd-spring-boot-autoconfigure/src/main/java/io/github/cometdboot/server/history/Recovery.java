package io.github.cometdboot.server.history;

import java.util.List;

import io.github.cometdboot.server.session.EncodedMessage;
import org.jspecify.annotations.Nullable;

/**
 * The answer of a history to "what came after this position?".
 *
 * @param recovered whether every message after the position is still kept and returned
 * @param reason why not, when not recovered: {@link #EPOCH_CHANGED}, {@link #TOO_OLD},
 * {@link #UNKNOWN_OFFSET} or {@link #NOT_KEPT}
 * @param messages the messages after the position, oldest first; empty when not recovered
 * @param latest the position of the newest message of the channel ({@code offset} 0 when none yet)
 */
public record Recovery(boolean recovered, @Nullable String reason, List<EncodedMessage> messages,
		HistoryPosition latest) {

	/** The position is from another epoch: the history restarted since. */
	public static final String EPOCH_CHANGED = "epoch_changed";

	/** Messages after the position were already evicted (size or age). */
	public static final String TOO_OLD = "too_old";

	/** The offset is beyond the newest message of the channel. */
	public static final String UNKNOWN_OFFSET = "unknown_offset";

	/** The channel keeps no history. */
	public static final String NOT_KEPT = "not_kept";

	/**
	 * Every message after the position.
	 * @param messages the messages, oldest first
	 * @param latest the newest position
	 * @return the recovery
	 */
	public static Recovery of(List<EncodedMessage> messages, HistoryPosition latest) {
		return new Recovery(true, null, List.copyOf(messages), latest);
	}

	/**
	 * Recovery is impossible.
	 * @param reason why
	 * @param latest the newest position
	 * @return the recovery
	 */
	public static Recovery impossible(String reason, HistoryPosition latest) {
		return new Recovery(false, reason, List.of(), latest);
	}

}
