package io.github.cometdboot.server;

import io.github.cometdboot.server.session.ServerSession;
import org.jspecify.annotations.Nullable;

/**
 * Binds a session to the browser that created it, as CometD does: a session made by a request that
 * carried (or was given) a {@code BAYEUX_BROWSER} cookie answers only requests with the same cookie, so
 * a {@code clientId} copied into another browser is an unknown session. The HTTP transports give every
 * request without the cookie a new browser id, so there a {@code clientId} without its cookie is
 * unknown too.
 * <p>
 * A request with no browser id at all is trusted with the {@code clientId} it names. By default the
 * websocket transport never makes one: a connection whose upgrade carried no cookie becomes a browser
 * of its own (like CometD's {@code requireHandshakePerConnection}). Told not to require the cookie, it
 * passes none, and such a connection is trusted as by CometD's websocket transport. A session made
 * without a browser id is bound to nothing. With
 * {@code trustClientSession} (CometD's option of that name) the {@code clientId} alone is trusted
 * everywhere, for clients that cannot keep cookies.
 */
public final class BrowserBinding {

	private final boolean trustClientSession;

	/**
	 * Create the binding rule.
	 * @param trustClientSession whether a {@code clientId} is accepted whatever the browser cookie
	 */
	public BrowserBinding(boolean trustClientSession) {
		this.trustClientSession = trustClientSession;
	}

	/**
	 * Whether a request of the given browser may act for a session.
	 * @param session the session the request names
	 * @param browserId the browser id of the request, or {@code null} when its transport has none
	 * @return whether the session belongs to that browser, or the request or the session has no browser
	 */
	public boolean allows(ServerSession session, @Nullable String browserId) {
		String owner = session.browserId();
		return this.trustClientSession || owner == null || browserId == null || owner.equals(browserId);
	}

}
