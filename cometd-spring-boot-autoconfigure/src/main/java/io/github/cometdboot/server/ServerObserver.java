package io.github.cometdboot.server;

import java.util.List;

import io.github.cometdboot.ChannelKind;
import io.github.cometdboot.server.session.EncodedMessage;

/**
 * Sees what the hub does, for metrics. Methods are called on hot paths (once per publish, once per
 * written batch): implementations must be quick, must not block and must not throw.
 */
public interface ServerObserver {

	/**
	 * A handshake was answered.
	 * @param outcome {@code success}, {@code denied} or {@code no_transport}
	 */
	default void handshake(String outcome) {
	}

	/**
	 * A message was published (by a client or the server) and accepted.
	 * @param kind the channel kind
	 */
	default void published(ChannelKind kind) {
	}

	/**
	 * A published message was queued for sessions on this node.
	 * @param kind the channel kind
	 * @param sessions how many sessions it was queued for
	 */
	default void delivered(ChannelKind kind, int sessions) {
	}

	/**
	 * Messages were dropped.
	 * @param reason why
	 * @param count how many
	 */
	default void dropped(DropReason reason, int count) {
	}

	/**
	 * A request was refused by a protection: another browser's {@code clientId}, a cross-site
	 * websocket, a limit.
	 * @param reason why
	 */
	default void refused(RefusalReason reason) {
	}

	/**
	 * A batch of queued messages was taken from a session's queue to be written by a transport.
	 * @param batch the messages, each with the time it was published
	 */
	default void written(List<EncodedMessage> batch) {
	}

	/** Why messages were dropped. */
	enum DropReason {

		/** A session's queue was full (drop-oldest, or the overflowing message under disconnect). */
		QUEUE_FULL,

		/** The session ended with messages still queued. */
		EXPIRED,

		/** The security policy or an interceptor refused the publish. */
		DENIED,

		/** The request exceeded the maximum message size. */
		TOO_LARGE,

		/** The publisher exceeded its publish rate. */
		RATE_LIMITED;

		/** @return the lower-case tag value */
		public String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** Why a request was refused. */
	enum RefusalReason {

		/** The {@code clientId} belongs to a session of another browser (or the cookie was missing). */
		BROWSER_MISMATCH,

		/** A websocket upgrade came from an origin that is not allowed. */
		ORIGIN,

		/** The maximum number of open connections was reached. */
		CONNECTION_LIMIT,

		/** A client address holds its whole share of the open connections. */
		ADDRESS_CONNECTION_LIMIT,

		/** The session reached its maximum number of subscriptions. */
		SUBSCRIPTION_LIMIT,

		/** The server holds the maximum number of sessions; a handshake was refused. */
		SESSION_LIMIT,

		/** A client address exceeded its handshake rate. */
		HANDSHAKE_RATE;

		/** @return the lower-case tag value */
		public String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
