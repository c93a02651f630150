package io.github.cometdboot.actuate;

import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.session.ServerSession;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the Bayeux hub: {@code UP} while it runs and its engine can carry publications,
 * {@code DOWN} when it is stopped or its engine (a cluster broker) is unavailable, and
 * {@code DEGRADED} when too many sessions have nearly full queues: clients are not keeping up.
 */
public class CometdHealthIndicator extends AbstractReactiveHealthIndicator {

	/** Status when too many session queues are nearly full. */
	public static final Status DEGRADED = new Status("DEGRADED", "Too many session queues are nearly full");

	private static final double NEARLY_FULL = 0.9;

	private final BayeuxServer server;

	private final double saturatedSessionsThreshold;

	/**
	 * Create the indicator.
	 * @param server the Bayeux server
	 * @param saturatedSessionsThreshold the share of sessions (0 to 1) whose queue is at least 90% full
	 * beyond which the hub is reported {@link #DEGRADED}
	 */
	public CometdHealthIndicator(BayeuxServer server, double saturatedSessionsThreshold) {
		super("Bayeux hub health check failed");
		this.server = server;
		this.saturatedSessionsThreshold = saturatedSessionsThreshold;
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		return this.server.engine().isAvailable().defaultIfEmpty(false).map((engineAvailable) -> {
			int sessions = 0;
			int saturated = 0;
			int nearlyFull = (int) Math.ceil(this.server.settings().maxQueue() * NEARLY_FULL);
			for (ServerSession session : this.server.sessions().all()) {
				sessions++;
				if (session.queueSize() >= nearlyFull) {
					saturated++;
				}
			}
			builder.withDetail("sessions", sessions)
				.withDetail("saturatedSessions", saturated)
				.withDetail("channels", this.server.channels().size())
				.withDetail("engine", this.server.engine().getClass().getSimpleName())
				.withDetail("engineAvailable", engineAvailable);
			if (!this.server.isRunning() || !engineAvailable) {
				return builder.down().build();
			}
			if (sessions > 0 && (double) saturated / sessions > this.saturatedSessionsThreshold) {
				return builder.status(DEGRADED).build();
			}
			return builder.up().build();
		});
	}

}
