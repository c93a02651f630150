package io.github.cometdboot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a listener parameter to a template variable of the channel pattern: with
 * {@code @CometListener("/chat/{room}")}, {@code @ChannelVariable("room") String room} receives the
 * second segment of the channel.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ChannelVariable {

	/**
	 * The variable name; the parameter name when empty.
	 * @return the name
	 */
	String value() default "";

}
