package io.github.cometdboot.server;

import io.github.cometdboot.server.session.OverflowPolicy;
import io.github.cometdboot.server.session.SessionSettings;
import java.time.Duration;

/**
 * The settings of a {@link BayeuxServer}, with CometD's defaults.
 *
 * @param timeout how long a {@code /meta/connect} is held when nothing is queued
 * @param interval how long clients wait between a connect reply and the next connect
 * @param maxInterval how long a session lives without a connect before it is pruned
 * @param multipleClientsInterval the interval advised to extra sessions of a browser that already
 * holds a long poll
 * @param maxSessionsPerBrowser how many sessions of one browser may hold a long poll at once
 * @param maxQueue how many messages a session's queue holds
 * @param overflowPolicy what happens when a session's queue is full
 * @param maxMessageSize the largest request body, frame or message accepted, in bytes
 * @param sweepPeriod how often sessions and channels are pruned
 * @param channelIdleTime how long a channel with no subscribers is kept after its last activity
 * @param broadcastToPublisher whether a subscribed publisher receives its own broadcasts
 * @param limits the subscription, publish rate and connection limits
 * @param trustClientSession whether a {@code clientId} is accepted from any browser, not only the one
 * whose cookie created its session (see {@link BrowserBinding})
 * @param acknowledgedDelivery whether clients that ask for CometD's {@code ack} extension get it
 */
public record ServerSettings(Duration timeout, Duration interval, Duration maxInterval,
		Duration multipleClientsInterval, int maxSessionsPerBrowser, int maxQueue, OverflowPolicy overflowPolicy,
		int maxMessageSize, Duration sweepPeriod, Duration channelIdleTime, boolean broadcastToPublisher,
		SessionLimits limits, boolean trustClientSession, boolean acknowledgedDelivery) {

	/**
	 * Validate the settings.
	 */
	public ServerSettings {
		requirePositive(timeout, "timeout");
		requireNotNegative(interval, "interval");
		requirePositive(maxInterval, "maxInterval");
		requireNotNegative(multipleClientsInterval, "multipleClientsInterval");
		requirePositive(sweepPeriod, "sweepPeriod");
		requireNotNegative(channelIdleTime, "channelIdleTime");
		if (maxSessionsPerBrowser < 1 || maxQueue < 1 || maxMessageSize < 64) {
			throw new IllegalArgumentException(
					"maxSessionsPerBrowser and maxQueue must be at least 1 and maxMessageSize at least 64");
		}
		if (overflowPolicy == null) {
			throw new IllegalArgumentException("overflowPolicy is required");
		}
		if (limits == null) {
			throw new IllegalArgumentException("limits are required");
		}
	}

	/** @return what the sessions of this server are made with */
	public SessionSettings sessionSettings() {
		return new SessionSettings(this.interval, this.maxQueue, this.overflowPolicy);
	}

	/** @return CometD's defaults */
	public static ServerSettings defaults() {
		return builder().build();
	}

	/** @return a builder starting from the defaults */
	public static Builder builder() {
		return new Builder();
	}

	private static void requirePositive(Duration value, String name) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

	private static void requireNotNegative(Duration value, String name) {
		if (value == null || value.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative");
		}
	}

	/**
	 * Builds {@link ServerSettings}.
	 */
	public static final class Builder {

		private Duration timeout = Duration.ofSeconds(20);

		private Duration interval = Duration.ZERO;

		private Duration maxInterval = Duration.ofSeconds(10);

		private Duration multipleClientsInterval = Duration.ofSeconds(2);

		private int maxSessionsPerBrowser = 1;

		private int maxQueue = 1000;

		private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_OLDEST;

		private int maxMessageSize = 64 * 1024;

		private Duration sweepPeriod = Duration.ofSeconds(1);

		private Duration channelIdleTime = Duration.ofSeconds(30);

		private boolean broadcastToPublisher = true;

		private SessionLimits limits = SessionLimits.defaults();

		private boolean trustClientSession;

		private boolean acknowledgedDelivery = true;

		private Builder() {
		}

		/**
		 * @param timeout how long a connect is held
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * @param interval the advised wait between connects
		 * @return this builder
		 */
		public Builder interval(Duration interval) {
			this.interval = interval;
			return this;
		}

		/**
		 * @param maxInterval how long a session lives without a connect
		 * @return this builder
		 */
		public Builder maxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
			return this;
		}

		/**
		 * @param multipleClientsInterval the interval advised to extra sessions of a browser
		 * @return this builder
		 */
		public Builder multipleClientsInterval(Duration multipleClientsInterval) {
			this.multipleClientsInterval = multipleClientsInterval;
			return this;
		}

		/**
		 * @param maxSessionsPerBrowser how many sessions of a browser may hold a long poll
		 * @return this builder
		 */
		public Builder maxSessionsPerBrowser(int maxSessionsPerBrowser) {
			this.maxSessionsPerBrowser = maxSessionsPerBrowser;
			return this;
		}

		/**
		 * @param maxQueue the capacity of each session's queue
		 * @return this builder
		 */
		public Builder maxQueue(int maxQueue) {
			this.maxQueue = maxQueue;
			return this;
		}

		/**
		 * @param overflowPolicy what a full queue does
		 * @return this builder
		 */
		public Builder overflowPolicy(OverflowPolicy overflowPolicy) {
			this.overflowPolicy = overflowPolicy;
			return this;
		}

		/**
		 * @param maxMessageSize the largest request accepted, in bytes
		 * @return this builder
		 */
		public Builder maxMessageSize(int maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
			return this;
		}

		/**
		 * @param sweepPeriod how often pruning runs
		 * @return this builder
		 */
		public Builder sweepPeriod(Duration sweepPeriod) {
			this.sweepPeriod = sweepPeriod;
			return this;
		}

		/**
		 * @param channelIdleTime how long an unused channel is kept
		 * @return this builder
		 */
		public Builder channelIdleTime(Duration channelIdleTime) {
			this.channelIdleTime = channelIdleTime;
			return this;
		}

		/**
		 * @param broadcastToPublisher whether publishers receive their own broadcasts
		 * @return this builder
		 */
		public Builder broadcastToPublisher(boolean broadcastToPublisher) {
			this.broadcastToPublisher = broadcastToPublisher;
			return this;
		}

		/**
		 * @param limits the subscription, publish rate and connection limits
		 * @return this builder
		 */
		public Builder limits(SessionLimits limits) {
			this.limits = limits;
			return this;
		}

		/**
		 * @param trustClientSession whether a {@code clientId} is accepted from any browser
		 * @return this builder
		 */
		public Builder trustClientSession(boolean trustClientSession) {
			this.trustClientSession = trustClientSession;
			return this;
		}

		/**
		 * @param acknowledgedDelivery whether clients that ask for the {@code ack} extension get it
		 * @return this builder
		 */
		public Builder acknowledgedDelivery(boolean acknowledgedDelivery) {
			this.acknowledgedDelivery = acknowledgedDelivery;
			return this;
		}

		/** @return the settings */
		public ServerSettings build() {
			return new ServerSettings(this.timeout, this.interval, this.maxInterval, this.multipleClientsInterval,
					this.maxSessionsPerBrowser, this.maxQueue, this.overflowPolicy, this.maxMessageSize,
					this.sweepPeriod, this.channelIdleTime, this.broadcastToPublisher, this.limits,
					this.trustClientSession, this.acknowledgedDelivery);
		}

	}

}
