package io.github.cometdboot;

import io.github.cometdboot.server.DisconnectReason;
import io.github.cometdboot.server.ServerSession;

/**
 * A session ended.
 *
 * @param session the session
 * @param reason why: the client disconnected, the session timed out and was pruned, its queue
 * overflowed, or the server ended it
 */
public record SessionDisconnectedEvent(ServerSession session, DisconnectReason reason) implements CometSessionEvent {

}
