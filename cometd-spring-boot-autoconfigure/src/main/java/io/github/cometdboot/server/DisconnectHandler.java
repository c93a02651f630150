package io.github.cometdboot.server;

import io.github.cometdboot.Message;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.session.ServerSession;
import reactor.core.publisher.Mono;

/**
 * {@code /meta/disconnect}: ends the session and releases its held connect.
 */
final class DisconnectHandler {

	private final BayeuxServer server;

	DisconnectHandler(BayeuxServer server) {
		this.server = server;
	}

	Mono<Reply> handle(Message request, ServerSession session) {
		this.server.disconnect(session, DisconnectReason.CLIENT);
		return Mono.just(Reply.success(request, session));
	}

}
