/**
 * What the starter adds to each connection of a Reactor Netty web server: the count and limit of open
 * sockets, deadlines for connections that keep the server waiting, and quiet handling of clients that
 * hang up mid-message. Nothing here knows Spring Boot.
 */
@NullMarked
package io.github.cometdboot.server.transport.netty;

import org.jspecify.annotations.NullMarked;
