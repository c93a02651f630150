package io.github.cometdboot;

import io.github.cometdboot.server.ServerSession;

/**
 * A client completed its handshake.
 *
 * @param session the new session
 */
public record SessionHandshakeEvent(ServerSession session) implements CometSessionEvent {

}
