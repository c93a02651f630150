package io.github.cometdboot.server;

import io.github.cometdboot.server.session.ServerSession;
import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * Creates sessions for tests outside this package.
 */
public final class TestSessions {

	private TestSessions() {
	}

	/**
	 * A session that is not registered with any server.
	 * @param principal its user, or {@code null}
	 * @return the session
	 */
	public static ServerSession withPrincipal(@Nullable Principal principal) {
		ServerSession session = new ServerSession(SessionIds.next(), null, "long-polling", 0, ServerSettings.defaults().sessionSettings());
		session.principal(principal);
		return session;
	}

}
