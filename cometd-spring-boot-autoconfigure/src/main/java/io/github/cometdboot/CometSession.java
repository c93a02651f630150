package io.github.cometdboot;

import java.security.Principal;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A client's Bayeux session, as an application sees it: in the {@link SecurityPolicy}, the session
 * events and callbacks, and as a {@link CometListener} method's argument.
 */
public interface CometSession {

	/** @return the {@code clientId} */
	String id();

	/** @return the authenticated user bound at handshake, if any */
	@Nullable Principal principal();

	/** @return the name of the authenticated user, if any */
	default @Nullable String user() {
		Principal principal = principal();
		return (principal != null) ? principal.getName() : null;
	}

	/** @return the connection type of the client's latest request, such as {@code websocket} */
	String transport();

	/** @return free attributes, for the application and extensions */
	Map<String, Object> attributes();

	/** @return the channels and wildcards the session subscribes to */
	Set<ChannelId> subscriptions();

	/** @return whether the session has ended */
	boolean isEnded();

	/** @return why the session ended, or {@code null} while it is live */
	@Nullable DisconnectReason endReason();

	/**
	 * Deliver a message to this session alone, whether or not it subscribes to the channel.
	 * @param channel the channel the message appears on
	 * @param data the message data, converted to JSON
	 * @return whether the session was live to take it
	 */
	boolean deliver(String channel, @Nullable Object data);

}
