package io.github.cometdboot.autoconfigure.health;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the {@code cometd} health indicator.
 */
@ConfigurationProperties("cometd.health")
public class CometdHealthProperties {

	/**
	 * Share of sessions (0 to 1) whose queue is at least 90% full beyond which the hub reports
	 * DEGRADED.
	 */
	private double saturatedSessionsThreshold = 0.1;

	public double getSaturatedSessionsThreshold() {
		return this.saturatedSessionsThreshold;
	}

	public void setSaturatedSessionsThreshold(double saturatedSessionsThreshold) {
		this.saturatedSessionsThreshold = saturatedSessionsThreshold;
	}

}
