package io.github.cometdboot.server.session;

/**
 * Why a held {@code /meta/connect} stopped waiting.
 */
public enum Wakeup {

	/** Messages were queued for the session. */
	MESSAGES,

	/** The hold time ran out. */
	TIMEOUT,

	/** A newer connect of the same session took its place: answer without messages. */
	REPLACED,

	/** The session ended while the connect was held. */
	SESSION_ENDED

}
