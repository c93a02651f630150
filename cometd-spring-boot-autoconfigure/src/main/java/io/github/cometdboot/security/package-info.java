/**
 * Channel authorization: rules by channel pattern, and the roles of a principal.
 */
@NullMarked
package io.github.cometdboot.security;

import org.jspecify.annotations.NullMarked;
