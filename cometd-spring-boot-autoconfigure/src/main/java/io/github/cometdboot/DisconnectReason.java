package io.github.cometdboot;

/**
 * Why a session ended.
 */
public enum DisconnectReason {

	/** The client sent {@code /meta/disconnect}. */
	CLIENT,

	/** The client did not connect within {@code maxInterval} and the sweeper pruned it. */
	PRUNED,

	/** The session's queue overflowed under the {@code disconnect} overflow policy. */
	QUEUE_OVERFLOW,

	/** The server ended it: application code, an operator, or shutdown. */
	SERVER,

	/**
	 * Another node of the cluster took the session over (or this node stopped and left it to them): it
	 * lives on there, so no disconnect event is published and a held connect is answered empty.
	 */
	MOVED

}
