package io.github.cometdboot.server;

import org.jspecify.annotations.Nullable;

/**
 * What a cluster engine shares of a session so that any node can take it over: enough for the node
 * to check that a request really comes from the session's client.
 *
 * @param clientId the session's client id
 * @param browserId the browser it is bound to, if any
 * @param user the principal name of its handshake, if any
 * @param lastBatch for a client that uses the {@code ack} extension, the number of the last
 * connect reply sent to it; {@code -1} for a client that does not acknowledge
 */
public record SessionSnapshot(String clientId, @Nullable String browserId, @Nullable String user,
		long lastBatch) {

	/** @return whether the client uses the {@code ack} extension */
	public boolean acknowledges() {
		return this.lastBatch >= 0;
	}

	/**
	 * Whether a request may carry on this session: same browser (when bound to one), same user (when
	 * it had one).
	 * @param context the request
	 * @return whether it belongs to the session
	 */
	boolean admits(TransportContext context) {
		if (this.browserId != null && !this.browserId.equals(context.browserId())) {
			return false;
		}
		return this.user == null || (context.principal() != null && this.user.equals(context.principal().getName()));
	}

}
