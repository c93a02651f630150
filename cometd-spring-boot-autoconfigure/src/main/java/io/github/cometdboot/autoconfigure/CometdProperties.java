package io.github.cometdboot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.cometdboot.bayeux.ChannelPattern;
import io.github.cometdboot.server.session.OverflowPolicy;
import io.github.cometdboot.server.ServerSettings;
import io.github.cometdboot.server.SessionLimits;
import io.github.cometdboot.server.history.ChannelHistory;
import io.github.cometdboot.server.history.HistoryRetention;
import io.github.cometdboot.server.history.InMemoryChannelHistory;
import io.github.cometdboot.server.transport.OriginCheck;
import io.github.cometdboot.server.transport.StreamingSettings;
import io.github.cometdboot.server.session.OverflowPolicy;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the Bayeux server.
 */
@ConfigurationProperties("cometd")
public class CometdProperties {

	/**
	 * Path at which clients reach the Bayeux server; every transport shares it.
	 */
	private String path = "/cometd";

	/**
	 * How long a /meta/connect is held when no message is queued.
	 */
	private Duration timeout = Duration.ofSeconds(20);

	/**
	 * How long clients are advised to wait between a connect reply and their next connect.
	 */
	private Duration interval = Duration.ZERO;

	/**
	 * How long a session lives without a connect before it is pruned.
	 */
	private Duration maxInterval = Duration.ofSeconds(10);

	/**
	 * How many messages each session's queue holds.
	 */
	private int maxQueue = 1000;

	/**
	 * What a session's queue does when a message arrives and it is full.
	 */
	private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_OLDEST;

	/**
	 * Largest request body, websocket frame or JSONP message accepted.
	 */
	private DataSize maxMessageSize = DataSize.ofKilobytes(64);

	/**
	 * How many sessions of one browser may hold a long poll at once; the others are advised to poll.
	 */
	private int maxSessionsPerBrowser = 1;

	/**
	 * Interval advised to the extra sessions of a browser that already holds its long polls.
	 */
	private Duration multipleClientsInterval = Duration.ofSeconds(2);

	/**
	 * How often sessions that stopped connecting and idle channels are pruned.
	 */
	private Duration sweepPeriod = Duration.ofSeconds(1);

	/**
	 * How long a channel with no subscribers is kept after its last activity.
	 */
	private Duration channelIdleTime = Duration.ofSeconds(30);

	/**
	 * Whether a subscribed publisher receives its own broadcasts.
	 */
	private boolean broadcastToPublisher = true;

	private final WebSocket websocket = new WebSocket();

	private final Transport longPolling = new Transport();

	private final Transport callbackPolling = new Transport();

	private final EventSource eventsource = new EventSource();

	private final Streaming foreverFrame = new Streaming();

	private final Streaming multipart = new Streaming();

	private final Cors cors = new Cors();

	private final BrowserCookie browserCookie = new BrowserCookie();

	private final Limits limits = new Limits();

	private final Ack ack = new Ack();

	private final History history = new History();

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	public Duration getMaxInterval() {
		return this.maxInterval;
	}

	public void setMaxInterval(Duration maxInterval) {
		this.maxInterval = maxInterval;
	}

	public int getMaxQueue() {
		return this.maxQueue;
	}

	public void setMaxQueue(int maxQueue) {
		this.maxQueue = maxQueue;
	}

	public OverflowPolicy getOverflowPolicy() {
		return this.overflowPolicy;
	}

	public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
		this.overflowPolicy = overflowPolicy;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public int getMaxSessionsPerBrowser() {
		return this.maxSessionsPerBrowser;
	}

	public void setMaxSessionsPerBrowser(int maxSessionsPerBrowser) {
		this.maxSessionsPerBrowser = maxSessionsPerBrowser;
	}

	public Duration getMultipleClientsInterval() {
		return this.multipleClientsInterval;
	}

	public void setMultipleClientsInterval(Duration multipleClientsInterval) {
		this.multipleClientsInterval = multipleClientsInterval;
	}

	public Duration getSweepPeriod() {
		return this.sweepPeriod;
	}

	public void setSweepPeriod(Duration sweepPeriod) {
		this.sweepPeriod = sweepPeriod;
	}

	public Duration getChannelIdleTime() {
		return this.channelIdleTime;
	}

	public void setChannelIdleTime(Duration channelIdleTime) {
		this.channelIdleTime = channelIdleTime;
	}

	public boolean isBroadcastToPublisher() {
		return this.broadcastToPublisher;
	}

	public void setBroadcastToPublisher(boolean broadcastToPublisher) {
		this.broadcastToPublisher = broadcastToPublisher;
	}

	public WebSocket getWebsocket() {
		return this.websocket;
	}

	public Transport getLongPolling() {
		return this.longPolling;
	}

	public Transport getCallbackPolling() {
		return this.callbackPolling;
	}

	public EventSource getEventsource() {
		return this.eventsource;
	}

	public Streaming getForeverFrame() {
		return this.foreverFrame;
	}

	public Streaming getMultipart() {
		return this.multipart;
	}

	public Cors getCors() {
		return this.cors;
	}

	public BrowserCookie getBrowserCookie() {
		return this.browserCookie;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Ack getAck() {
		return this.ack;
	}

	public History getHistory() {
		return this.history;
	}

	/**
	 * Settings of the websocket transport.
	 */
	public static class WebSocket extends Transport {

		/**
		 * Origins (Spring CORS origin patterns, "*" for any) whose pages may open a websocket, besides
		 * the server's own origin and the CORS allowed origins. Upgrades without an Origin header
		 * (non-browser clients) are always allowed.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Whether a websocket whose upgrade carried no browser cookie is a browser of its own, which
		 * may act only for the sessions it makes (the upgrade response sets its cookie). When false,
		 * such a websocket is trusted with any clientId it names, as CometD does: anyone who learns a
		 * clientId can then receive the session's messages, publish as it and disconnect it.
		 */
		private boolean requireBrowserCookie = true;

		public boolean isRequireBrowserCookie() {
			return this.requireBrowserCookie;
		}

		public void setRequireBrowserCookie(boolean requireBrowserCookie) {
			this.requireBrowserCookie = requireBrowserCookie;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

	}

	/**
	 * Limits on what clients may use; zero means no limit.
	 */
	public static class Limits {

		/**
		 * Maximum number of channels (or wildcards) one session may subscribe to.
		 */
		private int maxSubscriptionsPerSession = 1000;

		/**
		 * Maximum number of messages one session may publish per second, on average; zero for no limit.
		 */
		private int maxPublishRate;

		/**
		 * Number of publishes one session may make at once before the rate applies; zero for as many
		 * as the rate.
		 */
		private int publishBurst;

		/**
		 * Maximum number of connections open at once on the Bayeux path (requests being processed, held
		 * long polls, websockets and streams), and of sockets open at once on a Reactor Netty web server
		 * (every one, idle ones included; a socket beyond it is closed as soon as it is accepted). Zero
		 * for no limit.
		 */
		private int maxConnections = 10_000;

		/**
		 * Maximum number of connections one client address may hold at once on the Bayeux path; beyond
		 * it a request gets 503::too_many_connections. Stops one client from taking every connection.
		 * Unset, a tenth of max-connections; zero for no share but max-connections. Behind a proxy, set
		 * server.forward-headers-strategy so that it is the client's address.
		 */
		private @Nullable Integer maxConnectionsPerAddress;

		/**
		 * How long a connection may keep the server waiting: an HTTP connection with no request in
		 * progress must send the head of its next request within it (which closes idle sockets and
		 * slowloris clients), a request body must arrive within it (else 408::request_timeout), and a
		 * websocket must send a frame within it plus the long-poll timeout. Applies to every
		 * connection of a Reactor Netty web server; held long polls and open streams are never cut.
		 * Zero turns it off, which lets idle and slow clients hold connections for as long as they like.
		 */
		private Duration idleTimeout = Duration.ofSeconds(30);

		/**
		 * Maximum number of sessions this server holds at once; a handshake beyond it fails with
		 * 503::too_many_sessions. Stops one client from filling the heap with sessions. Unset, it is
		 * derived from the heap: one session per 64 KB of the maximum heap, at least 1000 (16384 for
		 * 1 GB).
		 */
		private @Nullable Integer maxSessions;

		/**
		 * Maximum number of handshakes one client address may make per second, on average; beyond it
		 * a handshake fails with 429::handshake_rate_exceeded and advice to handshake again later.
		 * Stops one client from making sessions in a loop. Zero for no limit.
		 */
		private int maxHandshakeRate = 20;

		/**
		 * Number of handshakes one client address may make at once before the rate applies (users
		 * behind one NAT or proxy, reconnecting together); zero for as many as the rate.
		 */
		private int handshakeBurst = 200;

		public int getMaxSubscriptionsPerSession() {
			return this.maxSubscriptionsPerSession;
		}

		public void setMaxSubscriptionsPerSession(int maxSubscriptionsPerSession) {
			this.maxSubscriptionsPerSession = maxSubscriptionsPerSession;
		}

		public int getMaxPublishRate() {
			return this.maxPublishRate;
		}

		public void setMaxPublishRate(int maxPublishRate) {
			this.maxPublishRate = maxPublishRate;
		}

		public int getPublishBurst() {
			return this.publishBurst;
		}

		public void setPublishBurst(int publishBurst) {
			this.publishBurst = publishBurst;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public @Nullable Integer getMaxConnectionsPerAddress() {
			return this.maxConnectionsPerAddress;
		}

		public void setMaxConnectionsPerAddress(@Nullable Integer maxConnectionsPerAddress) {
			this.maxConnectionsPerAddress = maxConnectionsPerAddress;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public @Nullable Integer getMaxSessions() {
			return this.maxSessions;
		}

		public void setMaxSessions(@Nullable Integer maxSessions) {
			this.maxSessions = maxSessions;
		}

		public int getMaxHandshakeRate() {
			return this.maxHandshakeRate;
		}

		public void setMaxHandshakeRate(int maxHandshakeRate) {
			this.maxHandshakeRate = maxHandshakeRate;
		}

		public int getHandshakeBurst() {
			return this.handshakeBurst;
		}

		public void setHandshakeBurst(int handshakeBurst) {
			this.handshakeBurst = handshakeBurst;
		}

	}

	/**
	 * Settings of one transport.
	 */
	public static class Transport {

		/**
		 * Whether the transport is enabled and advertised at handshake.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Settings of a streaming transport, whose messages flow on one long response.
	 */
	public static class Streaming extends Transport {

		/**
		 * How long a streaming response stays open before the server ends it and the client opens a new
		 * one.
		 */
		private Duration maxDuration = Duration.ofMinutes(5);

		/**
		 * How long a streaming response may stay silent before a heartbeat is written.
		 */
		private Duration heartbeat = Duration.ofSeconds(15);

		public Duration getMaxDuration() {
			return this.maxDuration;
		}

		public void setMaxDuration(Duration maxDuration) {
			this.maxDuration = maxDuration;
		}

		public Duration getHeartbeat() {
			return this.heartbeat;
		}

		public void setHeartbeat(Duration heartbeat) {
			this.heartbeat = heartbeat;
		}

	}

	/**
	 * Settings of the eventsource transport.
	 */
	public static class EventSource extends Streaming {

		/**
		 * How long the browser waits before it re-opens an event stream that ended (the SSE retry
		 * field).
		 */
		private Duration retry = Duration.ofSeconds(1);

		public Duration getRetry() {
			return this.retry;
		}

		public void setRetry(Duration retry) {
			this.retry = retry;
		}

	}

	/**
	 * Cross-origin resource sharing for the Bayeux path, so that pages on other origins can use the HTTP
	 * transports. Off until allowed origins are set.
	 */
	public static class Cors {

		/**
		 * Origins allowed to use the Bayeux path across origins, or '*' for all; nothing is allowed when
		 * neither this nor allowed-origin-patterns is set.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Origin patterns allowed to use the Bayeux path across origins, such as 'https://*.example.com';
		 * unlike allowed-origins, they may be combined with allow-credentials.
		 */
		private List<String> allowedOriginPatterns = new ArrayList<>();

		/**
		 * HTTP methods allowed across origins; the transports use GET and POST.
		 */
		private List<String> allowedMethods = new ArrayList<>(List.of("GET", "POST"));

		/**
		 * Request headers allowed across origins, or '*' for all (clients send Content-Type,
		 * X-Requested-With, Pragma, and Last-Event-ID when an event stream reconnects).
		 */
		private List<String> allowedHeaders = new ArrayList<>(List.of("*"));

		/**
		 * Response headers that cross-origin pages may read.
		 */
		private List<String> exposedHeaders = new ArrayList<>();

		/**
		 * Whether cross-origin requests may carry cookies, such as the browser cookie; the CometD
		 * JavaScript client always sends credentials, so it needs this set to true.
		 */
		private @Nullable Boolean allowCredentials;

		/**
		 * How long browsers may cache the answer to a preflight request.
		 */
		private Duration maxAge = Duration.ofMinutes(30);

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public List<String> getAllowedOriginPatterns() {
			return this.allowedOriginPatterns;
		}

		public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
			this.allowedOriginPatterns = allowedOriginPatterns;
		}

		public List<String> getAllowedMethods() {
			return this.allowedMethods;
		}

		public void setAllowedMethods(List<String> allowedMethods) {
			this.allowedMethods = allowedMethods;
		}

		public List<String> getAllowedHeaders() {
			return this.allowedHeaders;
		}

		public void setAllowedHeaders(List<String> allowedHeaders) {
			this.allowedHeaders = allowedHeaders;
		}

		public List<String> getExposedHeaders() {
			return this.exposedHeaders;
		}

		public void setExposedHeaders(List<String> exposedHeaders) {
			this.exposedHeaders = exposedHeaders;
		}

		public @Nullable Boolean getAllowCredentials() {
			return this.allowCredentials;
		}

		public void setAllowCredentials(@Nullable Boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * The BAYEUX_BROWSER cookie that identifies a browser across its sessions.
	 */
	public static class BrowserCookie {

		/**
		 * Name of the cookie.
		 */
		private String name = "BAYEUX_BROWSER";

		/**
		 * Path of the cookie.
		 */
		private String path = "/";

		/**
		 * Domain of the cookie; the request host when not set.
		 */
		private @Nullable String domain;

		/**
		 * Whether the cookie is hidden from scripts.
		 */
		private boolean httpOnly = true;

		/**
		 * Whether the cookie is only sent over HTTPS.
		 */
		private boolean secure;

		/**
		 * SameSite attribute of the cookie (Strict, Lax or None); omitted when not set.
		 */
		private @Nullable String sameSite;

		/**
		 * Lifetime of the cookie; a session cookie when not set.
		 */
		private @Nullable Duration maxAge;

		/**
		 * Whether a clientId is accepted from any browser, as CometD's trustClientSession: by default a
		 * session answers only requests that carry the cookie of the browser that created it.
		 */
		private boolean trustClientSession;

		public boolean isTrustClientSession() {
			return this.trustClientSession;
		}

		public void setTrustClientSession(boolean trustClientSession) {
			this.trustClientSession = trustClientSession;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public @Nullable String getDomain() {
			return this.domain;
		}

		public void setDomain(@Nullable String domain) {
			this.domain = domain;
		}

		public boolean isHttpOnly() {
			return this.httpOnly;
		}

		public void setHttpOnly(boolean httpOnly) {
			this.httpOnly = httpOnly;
		}

		public boolean isSecure() {
			return this.secure;
		}

		public void setSecure(boolean secure) {
			this.secure = secure;
		}

		public @Nullable String getSameSite() {
			return this.sameSite;
		}

		public void setSameSite(@Nullable String sameSite) {
			this.sameSite = sameSite;
		}

		public @Nullable Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * Settings of acknowledged delivery (CometD's ack extension).
	 */
	public static class Ack {

		/**
		 * Whether clients that ask for the ack extension at handshake get acknowledged delivery.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Settings of channel history: which channels keep their recent messages for recovery.
	 */
	public static class History {

		/**
		 * Channels that keep a history; the first whose pattern matches a channel applies. None by default.
		 */
		private List<HistoryChannels> channels = new ArrayList<>();

		public List<HistoryChannels> getChannels() {
			return this.channels;
		}

		public void setChannels(List<HistoryChannels> channels) {
			this.channels = channels;
		}

	}

	/**
	 * Channels that keep a history, and how much.
	 */
	public static class HistoryChannels {

		/**
		 * Broadcast channels that keep a history, such as /rooms/* or /prices/**.
		 */
		private @Nullable String pattern;

		/**
		 * How many messages each matching channel keeps at most.
		 */
		private int size = 100;

		/**
		 * How long a message is kept at most.
		 */
		private Duration maxAge = Duration.ofMinutes(5);

		public @Nullable String getPattern() {
			return this.pattern;
		}

		public void setPattern(@Nullable String pattern) {
			this.pattern = pattern;
		}

		public int getSize() {
			return this.size;
		}

		public void setSize(int size) {
			this.size = size;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

}
