/**
 * The flood benchmark: attacks on a running server (handshake flood, publish flood, slowloris, idle
 * sockets, held long polls), each followed by a recovery period, while a healthy client measures what
 * it still gets, and the server's heap, files and connections are read before, during and after.
 */
@NullMarked
package io.github.cometdboot.benchmark.flood;

import org.jspecify.annotations.NullMarked;
