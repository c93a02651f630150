package io.github.cometdboot.annotation;

import org.jspecify.annotations.Nullable;

/**
 * Produces the value of one listener method parameter for a message.
 */
@FunctionalInterface
interface ArgumentResolver {

	@Nullable Object resolve(InvocationContext context);

}
