/**
 * A load generator that speaks plain Bayeux, so it can drive any Bayeux server.
 */
@NullMarked
package io.github.cometdboot.benchmark.load;

import org.jspecify.annotations.NullMarked;
