/**
 * The browser client of the Bayeux server, served as a classic script and as an ES module. Nothing
 * here knows Spring Boot.
 */
@NullMarked
package io.github.cometdboot.client;

import org.jspecify.annotations.NullMarked;
