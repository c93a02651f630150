package io.github.cometdboot;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@link CometListener} on a {@code /service/**} channel (or emitted as the error of the
 * {@code Mono} or {@code Flux} it returns) to answer the caller with a failure, as CometD's
 * {@code caller.failure(data)} does: the caller receives {@code successful: false} with this
 * exception's data, on the service channel and with the id of its call. It is an answer, not a fault
 * of the server: nothing is logged.
 */
public class RemoteCallFailureException extends RuntimeException {

	private final @Nullable Object failure;

	/**
	 * Fail a remote call.
	 * @param failure what the caller receives as the {@code data} of the failed reply, converted to JSON
	 * like any answer (a map or a record, say)
	 */
	public RemoteCallFailureException(@Nullable Object failure) {
		// No stack trace: it is control flow, thrown for a client's request as often as clients like.
		super("Remote call failed", null, false, false);
		this.failure = failure;
	}

	/** @return the data the caller receives */
	public @Nullable Object failure() {
		return this.failure;
	}

}
