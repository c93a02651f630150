package io.github.cometdboot.benchmark.floor;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.netty.util.concurrent.EventExecutor;

/**
 * The subscribers of one channel, grouped by their sessions' event loop: a publication costs one task
 * per other event loop, not one per subscriber, and each subscriber is written to from its own loop.
 */
final class Subscribers {

	private final ConcurrentMap<EventExecutor, Set<Session>> byLoop = new ConcurrentHashMap<>();

	/**
	 * @param session a new subscriber
	 */
	void add(Session session) {
		this.byLoop.computeIfAbsent(session.home(), (loop) -> ConcurrentHashMap.newKeySet()).add(session);
	}

	/**
	 * @param session a subscriber that leaves
	 */
	void remove(Session session) {
		Set<Session> sessions = this.byLoop.get(session.home());
		if (sessions != null) {
			sessions.remove(session);
		}
	}

	/**
	 * Deliver to every subscriber: now for those on the calling event loop, in a task on each other.
	 * @param publication the message, which this call does not release
	 */
	void deliver(Publication publication) {
		for (Map.Entry<EventExecutor, Set<Session>> entry : this.byLoop.entrySet()) {
			EventExecutor loop = entry.getKey();
			Set<Session> sessions = entry.getValue();
			if (sessions.isEmpty()) {
				continue;
			}
			if (loop.inEventLoop()) {
				deliver(sessions, publication);
			}
			else {
				publication.retain();
				loop.execute(() -> {
					try {
						deliver(sessions, publication);
					}
					finally {
						publication.release();
					}
				});
			}
		}
	}

	private static void deliver(Set<Session> sessions, Publication publication) {
		for (Session session : sessions) {
			session.deliver(publication);
		}
	}

}
