/**
 * Spring Boot auto-configuration of the Bayeux server and its transports: the only package that
 * knows Spring Boot.
 */
@NullMarked
package io.github.cometdboot.autoconfigure;

import org.jspecify.annotations.NullMarked;
