/**
 * Auto-configuration of the Bayeux hub's metrics.
 */
@NullMarked
package io.github.cometdboot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
