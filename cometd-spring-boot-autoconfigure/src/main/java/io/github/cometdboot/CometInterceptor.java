package io.github.cometdboot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that sees every message a client publishes on the matching broadcast channels
 * <em>before</em> it is broadcast: for moderation, validation or enrichment.
 * <p>
 * Parameters resolve as for {@link CometListener}. The method may:
 * <ul>
 * <li>return {@code null} (or be {@code void}, or return an empty {@code Mono}) to let the message
 * through unchanged;</li>
 * <li>return a value (or a {@code Mono} of one) that replaces the message {@code data};</li>
 * <li>throw {@link RejectMessageException} (or return a {@code Mono} that fails with one) to stop the
 * message: nobody receives it, and the sender's publish reply is unsuccessful with
 * {@code 403:<reason>:publish_denied}.</li>
 * </ul>
 * Interceptors run in bean order ({@code @Order}) for client publishes only; the server's own
 * publishes are trusted.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CometInterceptor {

	/**
	 * The channel patterns.
	 * @return the patterns, such as {@code /chat/**}
	 */
	String[] value();

}
