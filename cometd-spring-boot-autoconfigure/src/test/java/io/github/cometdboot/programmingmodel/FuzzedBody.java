package io.github.cometdboot.programmingmodel;

import java.nio.charset.StandardCharsets;

/**
 * A fuzzed body: JSON text naming real sessions by placeholder, and the mutation its bytes undergo.
 * The placeholders keep a failing sample readable, and let it name sessions that exist only once the
 * server runs.
 * @param json the text, with placeholders
 * @param mutation what is done to its bytes
 */
record FuzzedBody(String json, Mutation mutation) {

	/** Stands for the witness's {@code clientId}. */
	static final String WITNESS = "{{witness}}";

	/** Stands for the {@code clientId} of the witness's publisher. */
	static final String PUBLISHER = "{{publisher}}";

	/** Stands for the {@code clientId} of the fuzzer's own session. */
	static final String OWNER = "{{owner}}";

	/**
	 * The bytes to send.
	 * @param sessions the real sessions the placeholders stand for
	 * @return the body with the sessions' {@code clientId}s, mutated
	 */
	byte[] bytes(Sessions sessions) {
		String filled = this.json.replace(WITNESS, sessions.witness())
			.replace(PUBLISHER, sessions.publisher())
			.replace(OWNER, sessions.owner());
		return this.mutation.apply(filled.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The {@code clientId}s of the live sessions.
	 * @param witness the witness's
	 * @param publisher its publisher's
	 * @param owner the fuzzer's own
	 */
	record Sessions(String witness, String publisher, String owner) {
	}

}
