package io.github.cometdboot;



/**
 * Callbacks on the life of sessions, invoked on the thread that caused the change. Implementations
 * must be quick and must not block.
 */
public interface SessionListener {

	/**
	 * A session completed its handshake.
	 * @param session the new session
	 */
	default void sessionAdded(CometSession session) {
	}

	/**
	 * A session ended.
	 * @param session the session
	 * @param reason why it ended
	 */
	default void sessionRemoved(CometSession session, DisconnectReason reason) {
	}

	/**
	 * A session subscribed to a channel.
	 * @param session the session
	 * @param channel the channel or wildcard
	 */
	default void subscribed(CometSession session, ChannelId channel) {
	}

	/**
	 * A session unsubscribed from a channel.
	 * @param session the session
	 * @param channel the channel or wildcard
	 */
	default void unsubscribed(CometSession session, ChannelId channel) {
	}

}
