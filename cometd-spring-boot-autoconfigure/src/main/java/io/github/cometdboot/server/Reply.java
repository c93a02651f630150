package io.github.cometdboot.server;

import java.util.List;

import io.github.cometdboot.bayeux.Advice;
import io.github.cometdboot.bayeux.BayeuxError;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.EncodedMessage;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one request message: the reply, the queued messages that go before it (for a
 * {@code /meta/connect}), and the session it concerned.
 *
 * @param message the reply message
 * @param queued messages delivered with the reply, written before it
 * @param session the session the request belonged to, if it exists
 */
record Reply(Message message, List<EncodedMessage> queued, @Nullable ServerSession session) {

	static Reply of(Message message, @Nullable ServerSession session) {
		return new Reply(message, List.of(), session);
	}

	static Reply success(Message request, @Nullable ServerSession session) {
		Message reply = request.reply();
		if (session != null) {
			reply.put(Message.CLIENT_ID, session.id());
		}
		reply.put(Message.SUCCESSFUL, true);
		return of(reply, session);
	}

	static Reply failure(Message request, String error, @Nullable ServerSession session) {
		Message reply = request.reply();
		if (session != null) {
			reply.put(Message.CLIENT_ID, session.id());
		}
		reply.put(Message.SUCCESSFUL, false);
		reply.put(Message.ERROR, error);
		return of(reply, session);
	}

	static Reply unknownSession(Message request) {
		Reply reply = failure(request, BayeuxError.SESSION_UNKNOWN, null);
		reply.message().put(Message.ADVICE, Advice.REHANDSHAKE.toMap());
		return reply;
	}

}
