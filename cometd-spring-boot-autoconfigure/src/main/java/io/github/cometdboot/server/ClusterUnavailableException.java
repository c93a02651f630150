package io.github.cometdboot.server;

/**
 * A cluster engine could not hand a message to the other nodes in time (its broker is unreachable).
 * The message was delivered on this node only; the publisher gets {@code 503::cluster_unavailable}.
 */
public class ClusterUnavailableException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message what could not be done
	 * @param cause the broker's failure
	 */
	public ClusterUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
