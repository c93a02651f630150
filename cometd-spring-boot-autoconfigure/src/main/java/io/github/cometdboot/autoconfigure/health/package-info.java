/**
 * Auto-configuration of the Bayeux hub's health.
 */
@NullMarked
package io.github.cometdboot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
