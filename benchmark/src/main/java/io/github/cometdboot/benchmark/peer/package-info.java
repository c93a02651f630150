/**
 * The real CometD server, embedded, as the peer to compare against.
 */
@NullMarked
package io.github.cometdboot.benchmark.peer;

import org.jspecify.annotations.NullMarked;
