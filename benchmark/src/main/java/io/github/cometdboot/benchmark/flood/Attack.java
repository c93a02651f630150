package io.github.cometdboot.benchmark.flood;

/**
 * One attack of the flood benchmark: it runs from {@link #start()} until {@link #stop()}, and books
 * what the server answered it in its {@link Outcomes}.
 */
interface Attack {

	/** @return the attack's name in the report, such as {@code handshake flood, 1 address} */
	String name();

	/** Start attacking; returns once the attack is under way. */
	void start();

	/**
	 * What the attacker has seen so far. Called while the attack still runs, so that a count such as
	 * "sockets still open" is the one at the end of the attack, not after {@link #stop()}.
	 * @return the outcomes
	 */
	Outcomes outcomes();

	/** Stop attacking and let go of every connection; returns once they are closed. */
	void stop();

}
