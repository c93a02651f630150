package io.github.cometdboot.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.server.session.ServerSession;
import org.jspecify.annotations.Nullable;

/**
 * The channels that have subscribers, and the lookup of every session that should receive a message
 * published on a given channel.
 * <p>
 * Every change to a channel's subscribers, and its removal when idle, runs inside
 * {@link ConcurrentHashMap#compute}, so a subscribe can never land in a channel that pruning is
 * removing at the same moment.
 */
public final class ChannelRegistry {

	private final ConcurrentHashMap<String, ServerChannel> channels = new ConcurrentHashMap<>();

	ChannelRegistry() {
	}

	/**
	 * Find a channel.
	 * @param name the channel name
	 * @return the channel or {@code null}
	 */
	public @Nullable ServerChannel find(String name) {
		return this.channels.get(name);
	}

	/** @return a snapshot of the channels */
	public Collection<ServerChannel> all() {
		return Collections.unmodifiableCollection(new ArrayList<>(this.channels.values()));
	}

	/** @return the number of channels */
	public int size() {
		return this.channels.size();
	}

	boolean subscribe(ServerSession session, ChannelId channel, long now) {
		boolean[] added = new boolean[1];
		this.channels.compute(channel.name(), (name, existing) -> {
			ServerChannel result = (existing != null) ? existing : new ServerChannel(channel, now);
			added[0] = result.add(session, now);
			return result;
		});
		session.addSubscription(channel);
		return added[0];
	}

	boolean unsubscribe(ServerSession session, ChannelId channel, long now) {
		boolean[] removed = new boolean[1];
		this.channels.computeIfPresent(channel.name(), (name, existing) -> {
			removed[0] = existing.remove(session, now);
			return existing;
		});
		session.removeSubscription(channel);
		return removed[0];
	}

	void unsubscribeAll(ServerSession session, long now) {
		for (ChannelId channel : session.subscriptions()) {
			unsubscribe(session, channel, now);
		}
	}

	/**
	 * The sessions subscribed to a concrete channel directly or through a wildcard, each once.
	 * <p>
	 * When only one of those channels has subscribers (the common case) its live set is returned as
	 * it is, without a copy per publish; a set is built only to merge several.
	 * @param channel a channel that is not a wildcard
	 * @param now the current time, recorded as the channel's activity
	 * @return the subscribers, to iterate at once and not to keep
	 */
	Collection<ServerSession> subscribersOf(ChannelId channel, long now) {
		ServerChannel exact = this.channels.get(channel.name());
		Collection<ServerSession> result = Set.of();
		if (exact != null) {
			exact.touch(now);
			result = exact.liveSubscribers();
		}
		Set<ServerSession> merged = null;
		for (String wildcard : channel.matchingWildcards()) {
			ServerChannel matching = this.channels.get(wildcard);
			if (matching == null || matching.liveSubscribers().isEmpty()) {
				continue;
			}
			if (result.isEmpty()) {
				result = matching.liveSubscribers();
				continue;
			}
			if (merged == null) {
				merged = new LinkedHashSet<>(result);
				result = merged;
			}
			merged.addAll(matching.liveSubscribers());
		}
		return result;
	}

	/**
	 * Remove the channels that have no subscribers and saw no activity for the idle time.
	 * @param now the current time
	 * @param idleMillis the idle time
	 * @return the names of the removed channels
	 */
	List<String> sweep(long now, long idleMillis) {
		List<String> removed = new ArrayList<>();
		for (String name : this.channels.keySet()) {
			this.channels.computeIfPresent(name, (key, channel) -> {
				if (channel.isIdle(now, idleMillis)) {
					removed.add(key);
					return null;
				}
				return channel;
			});
		}
		return removed;
	}

}
