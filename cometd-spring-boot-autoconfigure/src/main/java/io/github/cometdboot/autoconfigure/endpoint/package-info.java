/**
 * Auto-configuration of the Bayeux hub's endpoint.
 */
@NullMarked
package io.github.cometdboot.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
