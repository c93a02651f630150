package io.github.cometdboot.autoconfigure;

import io.github.cometdboot.SessionDisconnectedEvent;
import io.github.cometdboot.SessionHandshakeEvent;
import io.github.cometdboot.SessionSubscribedEvent;
import io.github.cometdboot.SessionUnsubscribedEvent;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.CometSession;
import io.github.cometdboot.SessionListener;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the life of sessions as Spring application events.
 */
final class ApplicationEventSessionListener implements SessionListener {

	private final ApplicationEventPublisher publisher;

	ApplicationEventSessionListener(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void sessionAdded(CometSession session) {
		this.publisher.publishEvent(new SessionHandshakeEvent(session));
	}

	@Override
	public void sessionRemoved(CometSession session, DisconnectReason reason) {
		this.publisher.publishEvent(new SessionDisconnectedEvent(session, reason));
	}

	@Override
	public void subscribed(CometSession session, ChannelId channel) {
		this.publisher.publishEvent(new SessionSubscribedEvent(session, channel.name()));
	}

	@Override
	public void unsubscribed(CometSession session, ChannelId channel) {
		this.publisher.publishEvent(new SessionUnsubscribedEvent(session, channel.name()));
	}

}
