package io.github.cometdboot;

import io.github.cometdboot.server.ServerSession;

/**
 * A session unsubscribed from a channel (explicitly; a disconnect removes subscriptions without
 * this event).
 *
 * @param session the session
 * @param channel the channel or wildcard
 */
public record SessionUnsubscribedEvent(ServerSession session, String channel) implements CometSessionEvent {

}
