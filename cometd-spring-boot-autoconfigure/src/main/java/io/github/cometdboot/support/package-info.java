/**
 * Small helpers every layer uses, such as logging what clients cause without letting them flood or forge the log.
 */
@NullMarked
package io.github.cometdboot.support;

import org.jspecify.annotations.NullMarked;
