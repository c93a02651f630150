package io.github.cometdboot.autoconfigure;

import java.time.Duration;

import io.github.cometdboot.server.OverflowPolicy;
import io.github.cometdboot.server.ServerSettings;
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

	private final Transport websocket = new Transport();

	private final Transport longPolling = new Transport();

	private final Transport callbackPolling = new Transport();

	private final BrowserCookie browserCookie = new BrowserCookie();

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

	public Transport getWebsocket() {
		return this.websocket;
	}

	public Transport getLongPolling() {
		return this.longPolling;
	}

	public Transport getCallbackPolling() {
		return this.callbackPolling;
	}

	public BrowserCookie getBrowserCookie() {
		return this.browserCookie;
	}

	/**
	 * Convert to the server's own settings.
	 * @return the settings
	 */
	public ServerSettings toServerSettings() {
		return ServerSettings.builder()
			.timeout(this.timeout)
			.interval(this.interval)
			.maxInterval(this.maxInterval)
			.maxQueue(this.maxQueue)
			.overflowPolicy(this.overflowPolicy)
			.maxMessageSize(Math.toIntExact(this.maxMessageSize.toBytes()))
			.maxSessionsPerBrowser(this.maxSessionsPerBrowser)
			.multipleClientsInterval(this.multipleClientsInterval)
			.sweepPeriod(this.sweepPeriod)
			.channelIdleTime(this.channelIdleTime)
			.broadcastToPublisher(this.broadcastToPublisher)
			.build();
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

		io.github.cometdboot.server.transport.BrowserCookie toBrowserCookie() {
			return new io.github.cometdboot.server.transport.BrowserCookie(this.name, this.path, this.domain,
					this.httpOnly, this.secure, this.sameSite, this.maxAge);
		}

	}

}
