package io.github.cometdboot.server.session;

/**
 * What a session's queue does when a message arrives and the queue is full.
 */
public enum OverflowPolicy {

	/** Drop the oldest queued message to make room: the client misses messages but stays. */
	DROP_OLDEST,

	/** Disconnect the session: the client must handshake again and knows it missed messages. */
	DISCONNECT

}
