package io.github.cometdboot.bayeux;

import io.github.cometdboot.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Message}: typed accessors and replies.
 */
class MessageTests {

	@Test
	void onSetsTheChannel() {
		Message message = Message.on("/chat");
		assertThat(message.channel()).isEqualTo("/chat");
		assertThat(message.fields()).containsOnlyKeys(Message.CHANNEL);
	}

	@Test
	void putNullRemovesTheField() {
		Message message = Message.on("/chat").put(Message.DATA, "x");
		message.put(Message.DATA, null);
		assertThat(message.fields()).doesNotContainKey(Message.DATA);
	}

	@Test
	void typedAccessorsIgnoreOtherTypes() {
		Message message = new Message(Map.of(Message.CHANNEL, 42, Message.CLIENT_ID, List.of("x"), Message.EXT,
				"not an object", Message.ADVICE, List.of()));
		assertThat(message.channel()).isNull();
		assertThat(message.clientId()).isNull();
		assertThat(message.ext()).isNull();
		assertThat(message.advice()).isNull();
		assertThat(message.string(Message.CHANNEL)).isNull();
		assertThat(message.object(Message.CHANNEL)).isNull();
	}

	@Test
	void objectAccessors() {
		Message message = Message.on("/a")
			.put(Message.EXT, Map.of("ack", true))
			.put(Message.ADVICE, Map.of("timeout", 0));
		assertThat(message.ext()).containsEntry("ack", true);
		assertThat(message.advice()).containsEntry("timeout", 0);
	}

	@Test
	void idIsKeptAsSent() {
		assertThat(Message.on("/a").put(Message.ID, "7").id()).isEqualTo("7");
		assertThat(Message.on("/a").put(Message.ID, 7).id()).isEqualTo(7);
	}

	@Test
	void copyConstructorDoesNotShareTheMap() {
		Map<String, Object> fields = new HashMap<>(Map.of(Message.CHANNEL, "/a"));
		Message message = new Message(fields);
		fields.put(Message.DATA, "x");
		assertThat(message.data()).isNull();
	}

	@Test
	void replyCopiesChannelAndIdOnly() {
		Message request = Message.on("/meta/subscribe")
			.put(Message.ID, "12")
			.put(Message.CLIENT_ID, "abc")
			.put(Message.SUBSCRIPTION, "/chat")
			.put(Message.DATA, "x");
		Message reply = request.reply();
		assertThat(reply.fields()).containsOnlyKeys(Message.ID, Message.CHANNEL);
		assertThat(reply.id()).isEqualTo("12");
		assertThat(reply.channel()).isEqualTo("/meta/subscribe");
	}

	@Test
	void replyWithoutIdHasNoId() {
		assertThat(Message.on("/meta/connect").reply().fields()).containsOnlyKeys(Message.CHANNEL);
	}

}
