package io.github.cometdboot.server.transport;

import java.util.List;

import io.github.cometdboot.Message;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.BrowserBinding;
import io.github.cometdboot.server.ServerObserver;
import io.github.cometdboot.server.session.ServerSession;
import org.jspecify.annotations.Nullable;

/**
 * What every transport, HTTP or websocket, does with what a client sends before the hub sees it: the
 * size limit, decoding, which sessions the client's browser may act for, and the body of a refusal.
 * One place, so that a websocket frame and an HTTP body are held to the same rules.
 */
final class ClientInput {

	private final BayeuxServer server;

	private final BrowserBinding binding;

	ClientInput(BayeuxServer server) {
		this.server = server;
		this.binding = new BrowserBinding(server.settings().trustClientSession());
	}

	/**
	 * Whether an input is over the maximum message size; an oversized one is counted as a dropped
	 * message, since it is never read.
	 * @param size the input's size, in bytes (or characters, for a query parameter)
	 * @return whether to refuse it with {@code 413::message_too_large}
	 */
	boolean isTooLarge(long size) {
		if (size <= this.server.settings().maxMessageSize()) {
			return false;
		}
		countTooLarge();
		return true;
	}

	/** Count an input refused for its size. */
	void countTooLarge() {
		this.server.observer().dropped(ServerObserver.DropReason.TOO_LARGE, 1);
	}

	/**
	 * @param json UTF-8 JSON
	 * @return the messages
	 * @throws io.github.cometdboot.bayeux.MalformedMessageException when it is no batch of messages
	 */
	List<Message> decode(byte[] json) {
		return this.server.codec().decode(json);
	}

	/**
	 * @param session a session a request names
	 * @param browserId the browser the request comes from ({@code null}: one never seen before)
	 * @return whether the request may act for the session
	 */
	boolean isOwnedBy(ServerSession session, @Nullable String browserId) {
		return this.binding.allows(session, browserId);
	}

	/**
	 * @param clientId the {@code clientId} a message names
	 * @param browserId the browser the message comes from
	 * @return the live session named, if that browser may act for it
	 */
	@Nullable ServerSession ownedSession(@Nullable String clientId, @Nullable String browserId) {
		ServerSession session = this.server.sessions().find(clientId);
		return (session != null && isOwnedBy(session, browserId)) ? session : null;
	}

	/**
	 * @param error the Bayeux error string
	 * @return a one-message Bayeux array with the error, as a refusal's body or frame
	 */
	byte[] error(String error) {
		return this.server.codec().encodeError(error);
	}

}
