package io.github.cometdboot;

/**
 * The data of a message does not fit what a {@link CometListener} or {@link CometInterceptor} takes:
 * thrown when it cannot be converted to the method's parameter, or by a method that finds it invalid.
 * The sender is answered {@code 400::data_invalid}, a client error, logged on one line at most.
 */
public class InvalidDataException extends RuntimeException {

	/**
	 * Refuse a message's data.
	 * @param problem what is wrong with it, for the log (the client is told only {@code data_invalid})
	 * @param cause the conversion's exception, if any
	 */
	public InvalidDataException(String problem, Throwable cause) {
		super(problem, cause);
	}

	/**
	 * Refuse a message's data.
	 * @param problem what is wrong with it, for the log (the client is told only {@code data_invalid})
	 */
	public InvalidDataException(String problem) {
		super(problem);
	}

}
