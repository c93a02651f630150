package io.github.cometdboot;

/**
 * Thrown by a {@link CometInterceptor} (or a security check) to stop a message; the reason is told
 * to the sender in the error {@code 403:<reason>:publish_denied}.
 */
public class RejectMessageException extends RuntimeException {

	private final String reason;

	/**
	 * Reject a message.
	 * @param reason a short reason for the sender, such as {@code profanity}
	 */
	public RejectMessageException(String reason) {
		super(reason);
		this.reason = reason;
	}

	/** @return the reason told to the sender */
	public String reason() {
		return this.reason;
	}

}
