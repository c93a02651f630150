package io.github.cometdboot;


/**
 * A client completed its handshake.
 *
 * @param session the new session
 */
public record SessionHandshakeEvent(CometSession session) implements CometSessionEvent {

}
