package io.github.cometdboot.bayeux;

/**
 * Thrown when a request body or frame is not valid JSON, or not an array or object of messages.
 */
public class MalformedMessageException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what is wrong, safe to show to the client
	 * @param cause the parser's exception, if any
	 */
	public MalformedMessageException(String message, Throwable cause) {
		super(message, cause);
	}

}
