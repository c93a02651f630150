/**
 * Channel history: the messages recently published on chosen channels, numbered, so that a client
 * that lost its connection can recover what it missed.
 */
@NullMarked
package io.github.cometdboot.server.history;

import org.jspecify.annotations.NullMarked;
