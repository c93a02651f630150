package io.github.cometdboot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.cometdboot.bayeux.ChannelPattern;
import io.github.cometdboot.server.ServerSettings;
import io.github.cometdboot.server.SessionLimits;
import io.github.cometdboot.server.history.ChannelHistory;
import io.github.cometdboot.server.history.HistoryRetention;
import io.github.cometdboot.server.history.InMemoryChannelHistory;
import io.github.cometdboot.server.transport.BrowserCookie;
import io.github.cometdboot.server.transport.OriginCheck;
import io.github.cometdboot.server.transport.StreamingSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.web.cors.CorsConfiguration;

/**
 * Turns the bound {@code cometd.*} properties into the settings of the hub and the transports, so that
 * the properties stay plain values and only the auto-configuration knows both sides. Public for the
 * cluster auto-configuration only; not an API.
 */
public final class CometdSettings {

	private CometdSettings() {
	}

	static ServerSettings server(CometdProperties properties) {
		return ServerSettings.builder()
			.timeout(properties.getTimeout())
			.interval(properties.getInterval())
			.maxInterval(properties.getMaxInterval())
			.maxQueue(properties.getMaxQueue())
			.overflowPolicy(properties.getOverflowPolicy())
			.maxMessageSize(Math.toIntExact(properties.getMaxMessageSize().toBytes()))
			.maxSessionsPerBrowser(properties.getMaxSessionsPerBrowser())
			.multipleClientsInterval(properties.getMultipleClientsInterval())
			.sweepPeriod(properties.getSweepPeriod())
			.channelIdleTime(properties.getChannelIdleTime())
			.broadcastToPublisher(properties.isBroadcastToPublisher())
			.limits(sessionLimits(properties.getLimits()))
			.trustClientSession(properties.getBrowserCookie().isTrustClientSession())
			.acknowledgedDelivery(properties.getAck().isEnabled())
			.build();
	}

	static SessionLimits sessionLimits(CometdProperties.Limits limits) {
		// Without a configured maximum, the number of sessions is bounded by the memory they may take.
		int sessions = (limits.getMaxSessions() != null) ? limits.getMaxSessions()
				: SessionLimits.defaultMaxSessions(Runtime.getRuntime().maxMemory());
		return new SessionLimits(limits.getMaxSubscriptionsPerSession(), limits.getMaxPublishRate(),
				limits.getPublishBurst(), limits.getMaxConnections(), sessions, limits.getMaxHandshakeRate(),
				limits.getHandshakeBurst());
	}

	/** The websocket's own allowed origins and the CORS ones: a page allowed one way is allowed both. */
	static OriginCheck originCheck(CometdProperties.WebSocket websocket, CometdProperties.Cors cors) {
		List<String> patterns = new ArrayList<>(websocket.getAllowedOrigins());
		patterns.addAll(cors.getAllowedOrigins());
		patterns.addAll(cors.getAllowedOriginPatterns());
		return new OriginCheck(patterns);
	}

	static StreamingSettings streaming(CometdProperties.Streaming streaming) {
		return new StreamingSettings(streaming.getMaxDuration(), streaming.getHeartbeat());
	}

	/** @return Spring's CORS configuration, or {@code null} when no origin is allowed */
	static @Nullable CorsConfiguration cors(CometdProperties.Cors cors) {
		if (cors.getAllowedOrigins().isEmpty() && cors.getAllowedOriginPatterns().isEmpty()) {
			return null;
		}
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(cors.getAllowedOrigins());
		configuration.setAllowedOriginPatterns(cors.getAllowedOriginPatterns());
		configuration.setAllowedMethods(cors.getAllowedMethods());
		configuration.setAllowedHeaders(cors.getAllowedHeaders());
		configuration.setExposedHeaders(cors.getExposedHeaders());
		configuration.setAllowCredentials(cors.getAllowCredentials());
		configuration.setMaxAge(cors.getMaxAge());
		return configuration;
	}

	static BrowserCookie browserCookie(CometdProperties.BrowserCookie cookie) {
		return new BrowserCookie(cookie.getName(), cookie.getPath(), cookie.getDomain(), cookie.isHttpOnly(),
				cookie.isSecure(), cookie.getSameSite(), cookie.getMaxAge());
	}

	/** @return an in-memory history of the configured channels, or none when no channel is configured */
	static ChannelHistory channelHistory(CometdProperties.History history) {
		if (history.getChannels().isEmpty()) {
			return ChannelHistory.NONE;
		}
		return new InMemoryChannelHistory(historyRetentions(history), System::currentTimeMillis);
	}

	/**
	 * How much each channel of {@code cometd.history.channels} keeps, for a history of any engine.
	 * @param history the history properties
	 * @return the retentions, in the configured order
	 * @throws IllegalArgumentException when a channel has no pattern
	 */
	public static List<HistoryRetention> historyRetentions(CometdProperties.History history) {
		List<HistoryRetention> retentions = new ArrayList<>();
		for (CometdProperties.HistoryChannels channel : history.getChannels()) {
			if (channel.getPattern() == null) {
				throw new IllegalArgumentException("cometd.history.channels[].pattern is required");
			}
			retentions.add(new HistoryRetention(ChannelPattern.of(channel.getPattern()), channel.getSize(),
					channel.getMaxAge()));
		}
		return retentions;
	}

}
