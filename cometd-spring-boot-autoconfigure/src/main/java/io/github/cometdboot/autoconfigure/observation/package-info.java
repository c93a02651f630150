/**
 * Auto-configuration of the Bayeux hub's observation.
 */
@NullMarked
package io.github.cometdboot.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
