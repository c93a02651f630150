package io.github.cometdboot.sample.chat;

/**
 * A chat line as clients publish it on {@code /rooms/<room>}.
 *
 * @param user the author's nickname
 * @param text the text
 */
public record ChatMessage(String user, String text) {

}
