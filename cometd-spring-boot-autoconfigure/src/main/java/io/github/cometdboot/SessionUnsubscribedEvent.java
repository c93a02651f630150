package io.github.cometdboot;


/**
 * A session unsubscribed from a channel (explicitly; a disconnect removes subscriptions without
 * this event).
 *
 * @param session the session
 * @param channel the channel or wildcard
 */
public record SessionUnsubscribedEvent(CometSession session, String channel) implements CometSessionEvent {

}
