package io.github.cometdboot.server;

import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.server.session.ServerSession;

/**
 * A channel (or wildcard) that has, or recently had, subscribers.
 */
public final class ServerChannel {

	private final ChannelId id;

	private final Set<ServerSession> subscribers = ConcurrentHashMap.newKeySet();

	private volatile long lastActivity;

	ServerChannel(ChannelId id, long now) {
		this.id = id;
		this.lastActivity = now;
	}

	/** @return the channel name */
	public ChannelId id() {
		return this.id;
	}

	/** @return the subscribed sessions */
	public Set<ServerSession> subscribers() {
		return Collections.unmodifiableSet(this.subscribers);
	}

	/** @return the time of the last subscribe, unsubscribe or publish */
	public long lastActivity() {
		return this.lastActivity;
	}

	Set<ServerSession> liveSubscribers() {
		return this.subscribers;
	}

	void touch(long now) {
		this.lastActivity = now;
	}

	boolean add(ServerSession session, long now) {
		touch(now);
		return this.subscribers.add(session);
	}

	boolean remove(ServerSession session, long now) {
		touch(now);
		return this.subscribers.remove(session);
	}

	boolean isIdle(long now, long idleMillis) {
		return this.subscribers.isEmpty() && now - this.lastActivity >= idleMillis;
	}

}
