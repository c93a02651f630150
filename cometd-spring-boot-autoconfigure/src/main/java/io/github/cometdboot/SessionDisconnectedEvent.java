package io.github.cometdboot;


/**
 * A session ended.
 *
 * @param session the session
 * @param reason why: the client disconnected, the session timed out and was pruned, its queue
 * overflowed, or the server ended it
 */
public record SessionDisconnectedEvent(CometSession session, DisconnectReason reason) implements CometSessionEvent {

}
