package io.github.cometdboot.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.cometdboot.bayeux.ChannelId;

/**
 * The {@link ServiceHandler}s registered for {@code /service/**} channels and wildcards.
 */
final class ServiceRegistry {

	private final ConcurrentHashMap<String, List<ServiceHandler>> handlers = new ConcurrentHashMap<>();

	void add(ChannelId channel, ServiceHandler handler) {
		if (!channel.isService()) {
			throw new IllegalArgumentException("Not a service channel: " + channel);
		}
		this.handlers.computeIfAbsent(channel.name(), (name) -> new CopyOnWriteArrayList<>()).add(handler);
	}

	/**
	 * @param channel a concrete service channel
	 * @return the handlers registered for it or for a wildcard that matches it
	 */
	List<ServiceHandler> handlersOf(ChannelId channel) {
		List<ServiceHandler> result = new ArrayList<>(this.handlers.getOrDefault(channel.name(), List.of()));
		for (String wildcard : channel.matchingWildcards()) {
			result.addAll(this.handlers.getOrDefault(wildcard, List.of()));
		}
		return result;
	}

}
