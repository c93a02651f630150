package io.github.cometdboot.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.cometdboot.CometSession;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.SessionListener;

/**
 * A {@link SessionListener} that records what it was told, as readable strings such as
 * {@code removed <clientId> PRUNED}.
 */
final class RecordingSessionListener implements SessionListener {

	private final List<String> events = new CopyOnWriteArrayList<>();

	@Override
	public void sessionAdded(CometSession session) {
		this.events.add("added " + session.id());
	}

	@Override
	public void sessionRemoved(CometSession session, DisconnectReason reason) {
		this.events.add("removed " + session.id() + " " + reason);
	}

	@Override
	public void subscribed(CometSession session, ChannelId channel) {
		this.events.add("subscribed " + session.id() + " " + channel);
	}

	@Override
	public void unsubscribed(CometSession session, ChannelId channel) {
		this.events.add("unsubscribed " + session.id() + " " + channel);
	}

	List<String> events() {
		return List.copyOf(this.events);
	}

}
