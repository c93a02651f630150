/**
 * The Markdown report of a benchmark run.
 */
@NullMarked
package io.github.cometdboot.benchmark.report;

import org.jspecify.annotations.NullMarked;
