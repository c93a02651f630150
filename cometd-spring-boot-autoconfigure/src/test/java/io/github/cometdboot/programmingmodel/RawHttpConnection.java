package io.github.cometdboot.programmingmodel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP/1.1 connection over a plain socket, opened from a chosen loopback address, that sends
 * exactly what a test says when it says so: a request at once, a request whose reply is read later
 * (a held long poll), or a request head or body a piece at a time, as a slow client does.
 */
final class RawHttpConnection implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final int port;

	private @Nullable String browserCookie;

	private RawHttpConnection(Socket socket, int port) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
		this.port = port;
	}

	/**
	 * Connect to a local server.
	 * @param localAddress the loopback address to connect from, such as {@code 127.0.0.2}
	 * @param port the server port
	 * @return the connection
	 */
	static RawHttpConnection open(String localAddress, int port) throws IOException {
		Socket socket = new Socket();
		socket.setSoTimeout(15_000);
		socket.bind(new InetSocketAddress(localAddress, 0));
		socket.connect(new InetSocketAddress("127.0.0.1", port));
		return new RawHttpConnection(socket, port);
	}

	/**
	 * POST a Bayeux message to {@code /cometd} and read the reply.
	 * @param json the message array
	 * @return the reply
	 */
	Response post(String json) throws IOException {
		send(json);
		return read();
	}

	/**
	 * POST a Bayeux message to {@code /cometd} without reading the reply, with the browser cookie this
	 * connection was given, if any.
	 * @param json the message array
	 */
	void send(String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		write(head(body.length) + "\r\n");
		this.out.write(body);
		this.out.flush();
	}

	/**
	 * The head of a POST to {@code /cometd}, without the empty line that ends it.
	 * @param contentLength the length of the body
	 * @return the head
	 */
	String head(int contentLength) {
		return "POST /cometd HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + contentLength + "\r\n"
				+ ((this.browserCookie != null) ? "Cookie: " + this.browserCookie + "\r\n" : "");
	}

	/**
	 * Write raw text.
	 * @param text the text
	 */
	void write(String text) throws IOException {
		this.out.write(text.getBytes(StandardCharsets.UTF_8));
		this.out.flush();
	}

	/**
	 * Read one response, keeping the browser cookie it sets for the next requests.
	 * @return the response
	 */
	Response read() throws IOException {
		String head = readHead();
		int length = 0;
		for (String line : head.split("\r\n")) {
			String lower = line.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(15).trim());
			}
			else if (lower.startsWith("set-cookie:") && lower.contains("bayeux_browser=")) {
				this.browserCookie = line.substring(11).trim().split(";")[0];
			}
		}
		byte[] body = this.in.readNBytes(length);
		return new Response(head.substring(0, head.indexOf("\r\n")), new String(body, StandardCharsets.UTF_8));
	}

	private String readHead() throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int next = this.in.read();
			if (next < 0) {
				throw new IOException("Closed by the server after " + head.size() + " bytes of a response head");
			}
			head.write(next);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	/**
	 * Wait for the server to close the connection, reading (and throwing away) whatever it sends first.
	 * @return what the server sent before it closed, or {@code null} when it did not close within the
	 * socket's read timeout
	 */
	@Nullable String awaitClosedByServer() throws IOException {
		ByteArrayOutputStream sent = new ByteArrayOutputStream();
		try {
			for (int next = this.in.read(); next >= 0; next = this.in.read()) {
				sent.write(next);
			}
			return sent.toString(StandardCharsets.UTF_8);
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		catch (IOException ex) {
			// A reset: the server closed with bytes of ours unread.
			return sent.toString(StandardCharsets.UTF_8);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A response.
	 * @param statusLine such as {@code HTTP/1.1 200 OK}
	 * @param body the body
	 */
	record Response(String statusLine, String body) {

		/** @return the body's first Bayeux message */
		Map<String, Object> message() {
			List<Map<String, Object>> messages = JSON.readValue(this.body, new TypeReference<>() {
			});
			return messages.get(0);
		}

	}

}
