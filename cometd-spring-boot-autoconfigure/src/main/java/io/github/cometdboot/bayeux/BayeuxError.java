package io.github.cometdboot.bayeux;

/**
 * The {@code error} strings of Bayeux replies, formatted {@code code:args:text}. Clients branch on the
 * numeric code and on the advice, so these match what CometD sends.
 */
public final class BayeuxError {

	/** The client id is unknown, expired or not bound to this browser. */
	public static final String SESSION_UNKNOWN = "402::session_unknown";

	/** The security policy refused the handshake. */
	public static final String HANDSHAKE_DENIED = "403::handshake_denied";

	/** No connection type in common between client and server. */
	public static final String NO_COMMON_TRANSPORT = "403::handshake_denied";

	/** A subscribe or unsubscribe without a {@code subscription} field. */
	public static final String SUBSCRIPTION_MISSING = "403::subscription_missing";

	/** A subscription to a channel that cannot be subscribed. */
	public static final String SUBSCRIPTION_INVALID = "403::subscription_invalid";

	/** A message without a {@code channel} field. */
	public static final String CHANNEL_MISSING = "400::channel_missing";

	/** An invalid channel name, or a publish to a wildcard or meta channel. */
	public static final String CHANNEL_INVALID = "405::channel_invalid";

	/** An {@code id} field that is neither a string nor a number. */
	public static final String MESSAGE_ID_INVALID = "405::message_id_invalid";

	/** A {@code /meta/connect} naming a connection type the server does not speak. */
	public static final String CONNECTION_TYPE_INVALID = "402::connection_type_invalid";

	/** A request that is not a JSON array or object of messages. */
	public static final String MESSAGE_INVALID = "400::message_invalid";

	/** The data of a publish does not fit what the listeners of its channel take. */
	public static final String DATA_INVALID = "400::data_invalid";

	/** A message larger than the configured maximum. */
	public static final String MESSAGE_TOO_LARGE = "413::message_too_large";

	/** The engine could not carry a publish (a cluster engine without its broker, say). */
	public static final String PUBLISH_FAILED = "500::publish_failed";

	/** The server is not started yet, or stopping (or stopped): handshake again later, elsewhere or once it runs. */
	public static final String SERVER_UNAVAILABLE = "503::server_unavailable";

	/**
	 * A cluster engine could not reach the other nodes: the message was delivered on this node only.
	 */
	public static final String CLUSTER_UNAVAILABLE = "503::cluster_unavailable";

	/** A server-side service handler failed on the message. */
	public static final String SERVICE_FAILED = "500::service_failed";

	/** The session published faster than its allowed rate; the publish was dropped. */
	public static final String PUBLISH_RATE_EXCEEDED = "429::publish_rate_exceeded";

	/** The session already holds as many subscriptions as it may. */
	public static final String SUBSCRIPTION_LIMIT = "403::subscription_limit";

	/** The server holds as many connections as it may: retry later. */
	public static final String TOO_MANY_CONNECTIONS = "503::too_many_connections";

	/**
	 * A websocket upgrade, or a forever-frame asking to {@code postMessage} to its parent, came from a
	 * page of an origin that is not allowed.
	 */
	public static final String ORIGIN_NOT_ALLOWED = "403::origin_not_allowed";

	/** The server holds as many sessions as it may ({@code cometd.limits.max-sessions}). */
	public static final String TOO_MANY_SESSIONS = "503::too_many_sessions";

	/** The client's address made more handshakes than its rate allows. */
	public static final String HANDSHAKE_RATE_EXCEEDED = "429::handshake_rate_exceeded";

	/**
	 * A script transport's callback name ({@code callback-polling}'s {@code jsonp},
	 * {@code forever-frame}'s {@code callback}) is missing or not a plain name.
	 */
	public static final String CALLBACK_INVALID = "400::callback_invalid";

	/** A request body did not arrive in time; the connection is closed. */
	public static final String REQUEST_TIMEOUT = "408::request_timeout";

	private BayeuxError() {
	}

	/**
	 * A subscribe denial with its reason, {@code 403:<reason>:subscribe_denied}.
	 * @param reason short reason, without colons
	 * @return the error string
	 */
	public static String subscribeDenied(String reason) {
		return "403:" + sanitize(reason) + ":subscribe_denied";
	}

	/**
	 * A publish denial with its reason, {@code 403:<reason>:publish_denied}.
	 * @param reason short reason, without colons
	 * @return the error string
	 */
	public static String publishDenied(String reason) {
		return "403:" + sanitize(reason) + ":publish_denied";
	}

	private static String sanitize(String reason) {
		return reason.replace(':', ' ');
	}

}
