/**
 * Benchmarks of the Bayeux server: the entry point of the runnable jar.
 */
@NullMarked
package io.github.cometdboot.benchmark;

import org.jspecify.annotations.NullMarked;
