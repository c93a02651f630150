package io.github.cometdboot;


/**
 * A change in the life of a Bayeux session, published as a Spring application event: listen with
 * {@code @EventListener}. Events are published on the thread that caused the change; a listener that
 * blocks holds up that client's request, so hand long work off.
 */
public sealed interface CometSessionEvent
		permits SessionHandshakeEvent, SessionSubscribedEvent, SessionUnsubscribedEvent, SessionDisconnectedEvent {

	/** @return the session */
	CometSession session();

}
