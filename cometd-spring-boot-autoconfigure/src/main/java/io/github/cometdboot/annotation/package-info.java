/**
 * Discovery and invocation of {@link io.github.cometdboot.CometListener} and
 * {@link io.github.cometdboot.CometInterceptor} methods.
 */
@NullMarked
package io.github.cometdboot.annotation;

import org.jspecify.annotations.NullMarked;
