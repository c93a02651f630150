package io.github.cometdboot.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.bayeux.ChannelPattern;
import reactor.core.Disposable;

/**
 * Server-side handlers by channel pattern, in registration order. Patterns are declared in code and
 * few, so a lookup tries each; registrations are copy-on-write because they change rarely and are
 * read on every publish.
 *
 * @param <H> the handler type
 */
final class PatternRegistry<H> {

	private final List<Entry<H>> entries = new CopyOnWriteArrayList<>();

	Disposable add(ChannelPattern pattern, H handler) {
		Entry<H> entry = new Entry<>(pattern, handler);
		this.entries.add(entry);
		return () -> this.entries.remove(entry);
	}

	List<H> matching(ChannelId channel) {
		if (this.entries.isEmpty()) {
			return List.of();
		}
		List<H> result = new ArrayList<>(2);
		for (Entry<H> entry : this.entries) {
			if (entry.pattern().match(channel) != null) {
				result.add(entry.handler());
			}
		}
		return result;
	}

	private record Entry<H>(ChannelPattern pattern, H handler) {

	}

}
