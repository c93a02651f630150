package io.github.cometdboot.server.transport;

import java.util.Optional;
import java.util.regex.Pattern;

import io.github.cometdboot.bayeux.BayeuxError;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The one check of a callback name that a script transport writes into its response
 * ({@code callback-polling}'s JSONP callback, {@code forever-frame}'s parent function): the name is the
 * only piece of request input written into a script, so anything but a plain name is refused with
 * {@link BayeuxError#CALLBACK_INVALID}.
 */
final class CallbackName {

	private static final Pattern JSONP = Pattern.compile("[a-zA-Z0-9._\\-]{1,64}");

	/*
	 * A subset of the JSONP callback names: no hyphen, which would turn parent.a-b(...) into a
	 * subtraction that calls a function of the frame itself.
	 */
	private static final Pattern FUNCTION = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

	private CallbackName() {
	}

	/**
	 * @param name the requested name
	 * @return whether it is a JSONP callback: {@code ^[a-zA-Z0-9._-]+$}, at most 64 characters
	 */
	static boolean isJsonp(String name) {
		return JSONP.matcher(name).matches();
	}

	/**
	 * @param name the requested name
	 * @return whether it is a JSONP callback that is also a dotted JavaScript name
	 */
	static boolean isFunction(String name) {
		return isJsonp(name) && FUNCTION.matcher(name).matches();
	}

	/**
	 * @param request the request
	 * @param parameter the query parameter naming the callback
	 * @param function whether the name must be a dotted JavaScript name ({@link #isFunction}) rather than
	 * any JSONP callback ({@link #isJsonp})
	 * @return the name, or empty when it is missing or unsafe
	 */
	static Optional<String> of(ServerRequest request, String parameter, boolean function) {
		return request.queryParam(parameter).filter(function ? CallbackName::isFunction : CallbackName::isJsonp);
	}

}
