package io.github.cometdboot.server;

import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.session.ServerSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The live sessions of this server, by {@code clientId}.
 */
public final class SessionRegistry {

	private final ConcurrentHashMap<String, ServerSession> sessions = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Set<ServerSession>> sessionsByUser = new ConcurrentHashMap<>();

	private final ServerSettings settings;

	SessionRegistry(ServerSettings settings) {
		this.settings = settings;
	}

	ServerSession create(@Nullable String browserId, String transport, long now) {
		return new ServerSession(SessionIds.next(), browserId, transport, now, this.settings.sessionSettings());
	}

	void add(ServerSession session) {
		this.sessions.put(session.id(), session);
		String user = userOf(session);
		if (user != null) {
			this.sessionsByUser.computeIfAbsent(user, (key) -> ConcurrentHashMap.newKeySet()).add(session);
		}
	}

	/**
	 * Add a session unless one with its id is already live here.
	 * @return the live session with that id: the given one, or the one already there
	 */
	ServerSession addIfAbsent(ServerSession session) {
		// A session that moved away and is being removed gives way to the one that takes it back.
		ServerSession existing = this.sessions.compute(session.id(),
				(id, present) -> (present == null || present.endReason() == DisconnectReason.MOVED) ? session : present);
		if (existing != session) {
			return existing;
		}
		String user = userOf(session);
		if (user != null) {
			this.sessionsByUser.computeIfAbsent(user, (key) -> ConcurrentHashMap.newKeySet()).add(session);
		}
		return session;
	}

	/**
	 * The live sessions of a user on this node: every tab the user has open.
	 * @param user the principal name
	 * @return a snapshot of the user's sessions
	 */
	public Collection<ServerSession> ofUser(String user) {
		Set<ServerSession> sessions = this.sessionsByUser.get(user);
		return (sessions != null) ? List.copyOf(sessions) : List.of();
	}

	/**
	 * Find a live session.
	 * @param clientId the client id, may be {@code null}
	 * @return the session or {@code null}
	 */
	public @Nullable ServerSession find(@Nullable String clientId) {
		return (clientId != null) ? this.sessions.get(clientId) : null;
	}

	/** @return a snapshot of the live sessions */
	public Collection<ServerSession> all() {
		return Collections.unmodifiableCollection(new ArrayList<>(this.sessions.values()));
	}

	/** @return the number of live sessions */
	public int size() {
		return this.sessions.size();
	}

	boolean remove(ServerSession session) {
		String user = userOf(session);
		if (user != null) {
			this.sessionsByUser.computeIfPresent(user, (key, sessions) -> {
				sessions.remove(session);
				return sessions.isEmpty() ? null : sessions;
			});
		}
		return this.sessions.remove(session.id(), session);
	}

	private static @Nullable String userOf(ServerSession session) {
		return (session.principal() != null) ? session.principal().getName() : null;
	}

	List<ServerSession> expired(long now) {
		long maxInterval = this.settings.maxInterval().toMillis();
		List<ServerSession> expired = new ArrayList<>();
		for (ServerSession session : this.sessions.values()) {
			if (session.isExpired(now, maxInterval)) {
				expired.add(session);
			}
		}
		return expired;
	}

}
