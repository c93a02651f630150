/**
 * Actuator support: the {@code cometd} endpoint and the {@code cometd} health indicator.
 */
@NullMarked
package io.github.cometdboot.actuate;

import org.jspecify.annotations.NullMarked;
