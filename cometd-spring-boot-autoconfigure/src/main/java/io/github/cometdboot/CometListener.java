package io.github.cometdboot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that handles the messages published on the channels matching a pattern.
 * <p>
 * A pattern is a channel name whose segments may be template variables ({@code /chat/{room}}) and
 * whose last segment may be {@code *} (one segment) or {@code **} (one or more).
 * <ul>
 * <li>On a broadcast channel the method is called once for every message published there, after it
 * was handed to the subscribers; its return value is ignored.</li>
 * <li>On a {@code /service/**} channel the method answers the sender: its return value (or the value
 * of a returned {@code Mono}, or each value of a {@code Flux}) is delivered to the sender alone on the
 * same channel, with the request's {@code id}, as a CometD remote call expects.</li>
 * </ul>
 * Parameters are resolved by type and annotation: {@link io.github.cometdboot.Message} (the
 * message), {@link CometSession} (the sender, {@code null} when the
 * server published), {@link java.security.Principal} (the sender's user, may be {@code null}),
 * {@link io.github.cometdboot.ChannelId} (the channel), a parameter annotated with
 * {@link ChannelVariable} or named like a template variable (a template variable), and any other
 * parameter is the message {@code data} converted by Jackson (a record, POJO, {@code Map},
 * {@code String}...).
 * <p>
 * Methods that return a {@code Mono} or {@code Flux} are called on the thread that received the
 * message and must not block; all other methods are called on Reactor's bounded elastic scheduler, so
 * they may block without stalling the event loop. An exception becomes an unsuccessful reply to the
 * sender ({@code 500::service_failed}, or {@code 403:<reason>:publish_denied} for a
 * {@link RejectMessageException}) and a log line.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CometListener {

	/**
	 * The channel patterns.
	 * @return the patterns, such as {@code /chat/{room}} or {@code /service/echo}
	 */
	String[] value();

}
