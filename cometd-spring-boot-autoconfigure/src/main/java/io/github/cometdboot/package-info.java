/**
 * Public API of the CometD Spring Boot starter.
 */
@NullMarked
package io.github.cometdboot;

import org.jspecify.annotations.NullMarked;
