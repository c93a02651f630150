package io.github.cometdboot;

import io.github.cometdboot.server.ServerSession;

/**
 * A session subscribed to a channel.
 *
 * @param session the session
 * @param channel the channel or wildcard
 */
public record SessionSubscribedEvent(ServerSession session, String channel) implements CometSessionEvent {

}
