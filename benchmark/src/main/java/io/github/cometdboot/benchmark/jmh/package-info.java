/**
 * JMH benchmarks of the codec, channel names and fan-out through the hub.
 */
@NullMarked
package io.github.cometdboot.benchmark.jmh;

import org.jspecify.annotations.NullMarked;
