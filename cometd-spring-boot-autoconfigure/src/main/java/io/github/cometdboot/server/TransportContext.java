package io.github.cometdboot.server;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * What the transport that carried a batch of messages tells the core about it.
 *
 * @param connectionType the Bayeux connection type, such as {@code long-polling}
 * @param browserId the browser's {@code BAYEUX_BROWSER} cookie, if any
 * @param pushesMessages whether the transport pushes queued messages as they come (websocket,
 * streaming) rather than in the {@code /meta/connect} reply (polling)
 * @param principal the authenticated user of the request, if any
 * @param clientAddress the IP address of the client (after forwarded headers, when the application
 * trusts them), if known; handshakes are rate-limited by it
 */
public record TransportContext(String connectionType, @Nullable String browserId, boolean pushesMessages,
		@Nullable Principal principal, @Nullable String clientAddress) {

	/**
	 * A context whose client address is not known.
	 * @param connectionType the connection type
	 * @param browserId the browser id, if any
	 * @param pushesMessages whether the transport pushes queued messages as they come
	 * @param principal the authenticated user, if any
	 */
	public TransportContext(String connectionType, @Nullable String browserId, boolean pushesMessages,
			@Nullable Principal principal) {
		this(connectionType, browserId, pushesMessages, principal, null);
	}

	/**
	 * A context for a polling transport.
	 * @param connectionType the connection type
	 * @param browserId the browser id, if any
	 * @return the context
	 */
	public static TransportContext polling(String connectionType, @Nullable String browserId) {
		return new TransportContext(connectionType, browserId, false, null);
	}

	/**
	 * A context for a transport that pushes messages.
	 * @param connectionType the connection type
	 * @param browserId the browser id, if any
	 * @return the context
	 */
	public static TransportContext pushing(String connectionType, @Nullable String browserId) {
		return new TransportContext(connectionType, browserId, true, null);
	}

}
