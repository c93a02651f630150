package io.github.cometdboot.bayeux;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bayeux advice: how the client should reconnect, how long to wait before it does and how long the
 * server holds a {@code /meta/connect}.
 *
 * @param reconnect one of {@link #RETRY}, {@link #HANDSHAKE} or {@link #NONE}
 * @param interval milliseconds the client waits before its next connect, or -1 to omit
 * @param timeout milliseconds the server holds a connect, or -1 to omit
 * @param maxInterval milliseconds the server keeps a session without a connect, or -1 to omit
 * @param multipleClients whether this browser already holds a connect in another session
 */
public record Advice(String reconnect, long interval, long timeout, long maxInterval, boolean multipleClients) {

	/** Connect again after {@code interval}. */
	public static final String RETRY = "retry";

	/** Handshake again; the session is gone. */
	public static final String HANDSHAKE = "handshake";

	/** Stop: the server will not accept this client again. */
	public static final String NONE = "none";

	/** Advice sent with {@code 402::session_unknown}: handshake again, at once. */
	public static final Advice REHANDSHAKE = new Advice(HANDSHAKE, 0, -1, -1, false);

	/** Advice sent when the session ended and the client must not come back. */
	public static final Advice STOP = new Advice(NONE, -1, -1, -1, false);

	/**
	 * Advice to handshake again after a while.
	 * @param interval milliseconds before the new handshake
	 * @return the advice
	 */
	public static Advice retryHandshake(long interval) {
		return new Advice(HANDSHAKE, interval, -1, -1, false);
	}

	/**
	 * Advice to keep polling.
	 * @param interval milliseconds before the next connect
	 * @param timeout milliseconds the server holds a connect
	 * @param maxInterval milliseconds a session lives without a connect
	 * @return the advice
	 */
	public static Advice retry(long interval, long timeout, long maxInterval) {
		return new Advice(RETRY, interval, timeout, maxInterval, false);
	}

	/**
	 * Advice for an extra session of a browser that already holds a long poll: poll, do not hold.
	 * @param interval milliseconds before the next connect
	 * @return the advice
	 */
	public static Advice multipleClients(long interval) {
		return new Advice(RETRY, interval, -1, -1, true);
	}

	/** @return the advice as the JSON object clients expect */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("reconnect", this.reconnect);
		if (this.interval >= 0) {
			map.put("interval", this.interval);
		}
		if (this.timeout >= 0) {
			map.put("timeout", this.timeout);
		}
		if (this.maxInterval >= 0) {
			map.put("maxInterval", this.maxInterval);
		}
		if (this.multipleClients) {
			map.put("multiple-clients", true);
		}
		return map;
	}

}
