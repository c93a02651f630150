/**
 * The soak run: thousands of churning clients against a running server, then a check that its
 * sessions, channels and heap after GC come back to where they were.
 */
@NullMarked
package io.github.cometdboot.benchmark.soak;

import org.jspecify.annotations.NullMarked;
