/**
 * Auto-configuration of the cluster engine: Redis, chosen by {@code cometd.cluster.engine=redis}.
 */
@NullMarked
package io.github.cometdboot.autoconfigure.cluster;

import org.jspecify.annotations.NullMarked;
