package io.github.cometdboot;


/**
 * A session subscribed to a channel.
 *
 * @param session the session
 * @param channel the channel or wildcard
 */
public record SessionSubscribedEvent(CometSession session, String channel) implements CometSessionEvent {

}
