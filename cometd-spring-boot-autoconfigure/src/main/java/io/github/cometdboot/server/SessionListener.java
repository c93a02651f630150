package io.github.cometdboot.server;

import io.github.cometdboot.bayeux.ChannelId;

/**
 * Callbacks on the life of sessions, invoked on the thread that caused the change. Implementations
 * must be quick and must not block.
 */
public interface SessionListener {

	/**
	 * A session completed its handshake.
	 * @param session the new session
	 */
	default void sessionAdded(ServerSession session) {
	}

	/**
	 * A session ended.
	 * @param session the session
	 * @param reason why it ended
	 */
	default void sessionRemoved(ServerSession session, DisconnectReason reason) {
	}

	/**
	 * A session subscribed to a channel.
	 * @param session the session
	 * @param channel the channel or wildcard
	 */
	default void subscribed(ServerSession session, ChannelId channel) {
	}

	/**
	 * A session unsubscribed from a channel.
	 * @param session the session
	 * @param channel the channel or wildcard
	 */
	default void unsubscribed(ServerSession session, ChannelId channel) {
	}

}
