/**
 * The Bayeux hub: sessions and their bounded queues, channels and subscriptions, the engine that
 * carries publications, pruning, and the processing of meta and publish messages.
 */
@NullMarked
package io.github.cometdboot.server;

import org.jspecify.annotations.NullMarked;
