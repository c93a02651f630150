package io.github.cometdboot.security;

import io.github.cometdboot.bayeux.ChannelPattern;

/**
 * Who may subscribe and publish on the channels matching a pattern.
 *
 * @param pattern the channel pattern
 * @param subscribe who may subscribe
 * @param publish who may publish
 */
public record ChannelRule(ChannelPattern pattern, ChannelAccess subscribe, ChannelAccess publish) {

}
