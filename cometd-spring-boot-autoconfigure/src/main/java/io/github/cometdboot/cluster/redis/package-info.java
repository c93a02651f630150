/**
 * The Redis cluster engine: one Redis Stream as the ordered bus that carries publications and
 * session-addressed messages between the nodes.
 */
@NullMarked
package io.github.cometdboot.cluster.redis;

import org.jspecify.annotations.NullMarked;
