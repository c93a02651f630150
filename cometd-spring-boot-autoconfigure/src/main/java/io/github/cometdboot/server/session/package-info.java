/**
 * The session stage: a Bayeux session with its bounded queue and overflow policy, the wake-ups of the
 * requests and streams that wait for its messages, the pull-driven push stream a transport writes
 * from, acknowledged delivery and the buffer that holds live messages back while history is
 * recovered. It depends only on the public API (messages, channels) and its own settings; the hub
 * creates sessions and feeds them.
 */
@NullMarked
package io.github.cometdboot.server.session;

import org.jspecify.annotations.NullMarked;
