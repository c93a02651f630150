/**
 * Micrometer meters for the Bayeux hub.
 */
@NullMarked
package io.github.cometdboot.metrics;

import org.jspecify.annotations.NullMarked;
