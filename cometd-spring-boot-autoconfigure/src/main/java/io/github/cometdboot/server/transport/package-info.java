/**
 * Bayeux transports as WebFlux handlers: one small class per transport over the shared request
 * plumbing. Nothing here knows Spring Boot.
 */
@NullMarked
package io.github.cometdboot.server.transport;

import org.jspecify.annotations.NullMarked;
