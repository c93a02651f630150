package io.github.cometdboot.benchmark.flood;

import java.util.Map;

/**
 * One phase of the run and what was measured in it.
 *
 * @param name the phase's name, such as {@code baseline}, {@code slowloris} or {@code after slowloris}
 * @param attack the attack running in the phase, or empty
 * @param seconds how long the healthy clients were measured in it
 * @param healthy by transport, what the healthy subscribers got of its probes
 * @param healthyErrors failures the healthy clients met during the phase
 * @param newcomer how a new client's handshake and subscribe, from an address of its own, went at the
 * end of the phase: {@code ok in N ms} or the failure
 * @param server the server at the end of the phase (for an attack, while it still ran)
 * @param attacker what the attacker saw, or empty
 */
record Phase(String name, String attack, long seconds, Map<String, HealthyFigures> healthy, long healthyErrors,
		String newcomer, ServerState server, String attacker) {

	/**
	 * @param figures what the healthy subscribers got of the phase's probes
	 * @return this phase with them
	 */
	Phase withHealthy(Map<String, HealthyFigures> figures) {
		return new Phase(this.name, this.attack, this.seconds, figures, this.healthyErrors, this.newcomer, this.server,
				this.attacker);
	}

	/** @return whether an attack ran in this phase */
	boolean underAttack() {
		return !this.attack.isEmpty();
	}

	/** @return the highest p99 of the healthy subscribers, in ms (NaN if none received anything) */
	double worstP99Millis() {
		return this.healthy.values().stream().mapToDouble(HealthyFigures::p99Millis).max().orElse(Double.NaN);
	}

	/** @return probes lost by all healthy subscribers together */
	long lost() {
		return this.healthy.values().stream().mapToLong(HealthyFigures::lost).sum();
	}

	/** @return probes the healthy subscribers should have received together */
	long expected() {
		return this.healthy.values().stream().mapToLong(HealthyFigures::sent).sum();
	}

}
