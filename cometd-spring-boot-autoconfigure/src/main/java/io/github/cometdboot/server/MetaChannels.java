package io.github.cometdboot.server;

/**
 * The names of the Bayeux meta channels.
 */
public final class MetaChannels {

	/** {@code /meta/handshake}. */
	public static final String HANDSHAKE = "/meta/handshake";

	/** {@code /meta/connect}. */
	public static final String CONNECT = "/meta/connect";

	/** {@code /meta/subscribe}. */
	public static final String SUBSCRIBE = "/meta/subscribe";

	/** {@code /meta/unsubscribe}. */
	public static final String UNSUBSCRIBE = "/meta/unsubscribe";

	/** {@code /meta/disconnect}. */
	public static final String DISCONNECT = "/meta/disconnect";

	private MetaChannels() {
	}

}
