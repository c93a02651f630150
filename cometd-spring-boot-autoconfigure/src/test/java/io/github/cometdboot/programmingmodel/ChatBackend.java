package io.github.cometdboot.programmingmodel;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.ChannelVariable;
import io.github.cometdboot.CometInterceptor;
import io.github.cometdboot.CometListener;
import io.github.cometdboot.CometTemplate;
import io.github.cometdboot.RejectMessageException;
import io.github.cometdboot.RemoteCallFailureException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The backend of a chat with rooms, private messages and moderation, as an application writes it;
 * the extra methods exercise the other return types and failure.
 */
class ChatBackend {

	record ChatMessage(String user, String text) {
	}

	record PrivateMessage(String to, String text) {
	}

	final BlockingQueue<String> history = new LinkedBlockingQueue<>();

	final CountDownLatch unblockSlowListener = new CountDownLatch(1);

	private final CometTemplate template;

	ChatBackend(CometTemplate template) {
		this.template = template;
	}

	@CometInterceptor("/chat/{room}")
	ChatMessage moderate(ChatMessage message) {
		if (message.text().contains("darn")) {
			throw new RejectMessageException("profanity");
		}
		return new ChatMessage(message.user(), message.text().replace("heck", "h**k"));
	}

	@CometListener("/chat/{room}")
	void remember(String room, ChatMessage message, Principal user) {
		this.history.add(room + "|" + message.text() + "|" + ((user != null) ? user.getName() : "anonymous"));
	}

	@CometListener("/service/private")
	void sendPrivately(PrivateMessage message, Principal from) {
		this.template.deliverToUser(message.to(), "/private", new ChatMessage(from.getName(), message.text()));
	}

	@CometListener("/service/rooms/{name}/size")
	Mono<Integer> roomSize(@ChannelVariable("name") String room) {
		return Mono.just(room.length());
	}

	@CometListener("/service/letters")
	Flux<String> letters(String word) {
		return Flux.fromArray(word.split("")).filter((letter) -> !letter.isEmpty());
	}

	@CometListener("/service/upper")
	String upper(String text) {
		return text.toUpperCase(java.util.Locale.ROOT);
	}

	@CometListener("/service/fail")
	String fail(String text) {
		throw new IllegalStateException("failed on purpose: " + text);
	}

	@CometListener("/service/withdraw")
	int withdraw(int amount) {
		if (amount > 100) {
			throw new RemoteCallFailureException(Map.of("reason", "insufficient_funds", "balance", 100));
		}
		return 100 - amount;
	}

	@CometListener("/slow/work")
	void slowWork(String text) throws InterruptedException {
		// Blocks like JDBC would; must not stall other clients.
		this.unblockSlowListener.await(30, TimeUnit.SECONDS);
		this.history.add("slow|" + text);
	}

	List<String> drainHistory() {
		List<String> all = new java.util.ArrayList<>();
		this.history.drainTo(all);
		return all;
	}

}
