/**
 * The floor server: the least a Bayeux server on Netty can do for the load generator, to measure the
 * CPU per delivery that the I/O alone costs.
 */
@NullMarked
package io.github.cometdboot.benchmark.floor;

import org.jspecify.annotations.NullMarked;
