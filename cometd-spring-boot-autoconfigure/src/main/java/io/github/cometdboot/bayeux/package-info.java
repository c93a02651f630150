/**
 * Bayeux protocol model: messages, channel names and wildcard matching, advice, errors and the JSON codec.
 */
@NullMarked
package io.github.cometdboot.bayeux;

import org.jspecify.annotations.NullMarked;
