package io.github.cometdboot.server;

/**
 * Why a session ended.
 */
public enum DisconnectReason {

	/** The client sent {@code /meta/disconnect}. */
	CLIENT,

	/** The client did not connect within {@code maxInterval} and the sweeper pruned it. */
	PRUNED,

	/** The session's queue overflowed under the {@link OverflowPolicy#DISCONNECT} policy. */
	QUEUE_OVERFLOW,

	/** The server ended it: application code, an operator, or shutdown. */
	SERVER

}
