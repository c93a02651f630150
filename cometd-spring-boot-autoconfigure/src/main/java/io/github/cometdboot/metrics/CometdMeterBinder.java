package io.github.cometdboot.metrics;

import java.util.List;

import io.github.cometdboot.ChannelKind;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.HubStatistics;
import io.github.cometdboot.server.ServerObserver.DropReason;
import io.github.cometdboot.server.ServerObserver.RefusalReason;
import io.github.cometdboot.server.session.ServerSession;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the hub's meters, all under {@code cometd.} with bounded tags only: a channel name is never a
 * tag (there can be any number of them), the channel kind is.
 * <ul>
 * <li>{@code cometd.sessions} (gauge, {@code transport}): live sessions by connection type;</li>
 * <li>{@code cometd.connects.held} (gauge): {@code /meta/connect} requests held right now;</li>
 * <li>{@code cometd.channels} (gauge): channels with subscribers or recent traffic;</li>
 * <li>{@code cometd.handshakes} (counter, {@code outcome}): success, denied, no_transport;</li>
 * <li>{@code cometd.messages.published} and {@code cometd.messages.delivered} (counters,
 * {@code kind}: broadcast, service, meta); a delivery is one message queued for one session;</li>
 * <li>{@code cometd.messages.dropped} (counter, {@code reason}): queue_full, expired, denied,
 * too_large, rate_limited;</li>
 * <li>{@code cometd.requests.refused} (counter, {@code reason}): browser_mismatch, origin,
 * connection_limit, subscription_limit, session_limit, handshake_rate;</li>
 * <li>{@code cometd.overflow.policy} (gauge, {@code policy}): 1 for the policy a full queue applies
 * (drop_oldest or disconnect), so dashboards can read drops against it;</li>
 * <li>{@code cometd.queue.depth} (distribution summary): messages taken from a queue per write;</li>
 * <li>{@code cometd.delivery.latency} (timer): from publish to the write of each delivery.</li>
 * </ul>
 * Counters read the hub's own {@link HubStatistics}, so they cost nothing per message; only the
 * latency timer and queue depth record per write.
 */
public final class CometdMeterBinder implements MeterBinder {

	private static final List<String> TRANSPORTS = List.of("websocket", "long-polling", "callback-polling",
			"eventsource", "forever-frame", "multipart");

	private final BayeuxServer server;

	/**
	 * Create the binder.
	 * @param server the Bayeux server
	 */
	public CometdMeterBinder(BayeuxServer server) {
		this.server = server;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String transport : TRANSPORTS) {
			Gauge.builder("cometd.sessions", this.server, (server) -> countSessions(server, transport))
				.tag("transport", transport)
				.description("Live Bayeux sessions by connection type")
				.register(registry);
		}
		Gauge.builder("cometd.connects.held", this.server, CometdMeterBinder::countHeldConnects)
			.description("Held /meta/connect requests")
			.register(registry);
		Gauge.builder("cometd.channels", this.server, (server) -> server.channels().size())
			.description("Channels with subscribers or recent traffic")
			.register(registry);
		HubStatistics statistics = this.server.statistics();
		for (String outcome : HubStatistics.HANDSHAKE_OUTCOMES) {
			FunctionCounter.builder("cometd.handshakes", statistics, (stats) -> stats.handshakeCount(outcome))
				.tag("outcome", outcome)
				.description("Handshakes answered, by outcome")
				.register(registry);
		}
		for (ChannelKind kind : ChannelKind.values()) {
			String tag = kind.name().toLowerCase(java.util.Locale.ROOT);
			FunctionCounter.builder("cometd.messages.published", statistics, (stats) -> stats.publishedCount(kind))
				.tag("kind", tag)
				.description("Messages published, by channel kind")
				.register(registry);
			FunctionCounter.builder("cometd.messages.delivered", statistics, (stats) -> stats.deliveredCount(kind))
				.tag("kind", tag)
				.description("Messages queued for a session, by channel kind")
				.register(registry);
		}
		for (DropReason reason : DropReason.values()) {
			FunctionCounter.builder("cometd.messages.dropped", statistics, (stats) -> stats.droppedCount(reason))
				.tag("reason", reason.tag())
				.description("Messages dropped, by reason")
				.register(registry);
		}
		for (RefusalReason reason : RefusalReason.values()) {
			FunctionCounter.builder("cometd.requests.refused", statistics, (stats) -> stats.refusedCount(reason))
				.tag("reason", reason.tag())
				.description("Requests refused by a protection or limit, by reason")
				.register(registry);
		}
		Gauge.builder("cometd.overflow.policy", () -> 1)
			.tag("policy", this.server.settings().overflowPolicy().name().toLowerCase(java.util.Locale.ROOT))
			.description("The policy applied when a session queue is full")
			.register(registry);
		DistributionSummary depth = DistributionSummary.builder("cometd.queue.depth")
			.description("Messages taken from a session queue per write")
			.baseUnit("messages")
			.register(registry);
		Timer latency = Timer.builder("cometd.delivery.latency")
			.description("Time from publish to the write of each delivery")
			.register(registry);
		this.server.addObserver(new WriteMetricsObserver(depth, latency));
	}

	private static double countSessions(BayeuxServer server, String transport) {
		int count = 0;
		for (ServerSession session : server.sessions().all()) {
			if (transport.equals(session.transport())) {
				count++;
			}
		}
		return count;
	}

	private static double countHeldConnects(BayeuxServer server) {
		int count = 0;
		for (ServerSession session : server.sessions().all()) {
			if (session.isConnectHeld()) {
				count++;
			}
		}
		return count;
	}

}
