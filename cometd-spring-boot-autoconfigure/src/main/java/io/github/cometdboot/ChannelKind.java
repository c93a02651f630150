package io.github.cometdboot;

/**
 * The three kinds of Bayeux channel, which the server treats differently.
 */
public enum ChannelKind {

	/** {@code /meta/**}: the protocol's own channels, never broadcast. */
	META,

	/** {@code /service/**}: handled on the server, replies go to the sender alone. */
	SERVICE,

	/** Every other channel: delivered to every matching subscriber. */
	BROADCAST

}
