package io.github.cometdboot.server;

/**
 * Who a message addressed to sessions rather than to a channel goes to: one session by its
 * {@code clientId}, or every session of a user by principal name.
 *
 * @param kind whether {@code id} is a client id or a user name
 * @param id the client id or the user name
 */
public record Recipient(Kind kind, String id) {

	/**
	 * One session.
	 * @param clientId its client id
	 * @return the recipient
	 */
	public static Recipient client(String clientId) {
		return new Recipient(Kind.CLIENT, clientId);
	}

	/**
	 * Every session of a user.
	 * @param user the principal name
	 * @return the recipient
	 */
	public static Recipient user(String user) {
		return new Recipient(Kind.USER, user);
	}

	/** What the id of a recipient names. */
	public enum Kind {

		/** A session's client id. */
		CLIENT,

		/** A user's principal name. */
		USER

	}

}
