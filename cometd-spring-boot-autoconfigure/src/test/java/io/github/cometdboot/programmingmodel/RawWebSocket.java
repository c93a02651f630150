package io.github.cometdboot.programmingmodel;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A websocket client over a plain socket that reads only when told to: it can stop reading
 * altogether, as a stalled client does, which no websocket client library lets a test do. Its receive
 * buffer is made small so that the server's writes back up quickly.
 */
final class RawWebSocket implements AutoCloseable {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private RawWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	/**
	 * Open a websocket to a path of a local server.
	 * @param port the server port
	 * @param path the path, such as {@code /cometd}
	 * @param extraHeaders more request header lines, such as {@code Origin: http://evil.example}
	 * @return the status line of the upgrade response, with the connected client
	 */
	static RawWebSocket open(int port, String path, String... extraHeaders) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		socket.setSoTimeout(10_000);
		socket.connect(new InetSocketAddress("127.0.0.1", port));
		byte[] key = new byte[16];
		RANDOM.nextBytes(key);
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")
			.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
			.append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n");
		for (String header : extraHeaders) {
			request.append(header).append("\r\n");
		}
		request.append("\r\n");
		socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
		RawWebSocket webSocket = new RawWebSocket(socket);
		webSocket.responseHead = webSocket.readHeaders();
		return webSocket;
	}

	private String responseHead = "";

	/** @return the status line of the upgrade response, such as {@code HTTP/1.1 101 Switching Protocols} */
	String statusLine() {
		return this.responseHead.substring(0, Math.max(0, this.responseHead.indexOf("\r\n")));
	}

	/**
	 * The value of a header of the upgrade response.
	 * @param name the header name, in any case
	 * @return the first value, or {@code null}
	 */
	@Nullable String header(String name) {
		for (String line : this.responseHead.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
				return line.substring(colon + 1).trim();
			}
		}
		return null;
	}

	private String readHeaders() throws IOException {
		ByteArrayOutputStream headers = new ByteArrayOutputStream();
		InputStream input = this.in;
		while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int next = input.read();
			if (next < 0) {
				break;
			}
			headers.write(next);
		}
		return headers.toString(StandardCharsets.US_ASCII);
	}

	/** Send a text frame, masked as a client must. */
	void send(String text) throws IOException {
		sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Send a message of any bytes in one frame, as a client that does not check what it sends may.
	 * @param binary whether it is a binary frame, else a text frame (whose bytes need not be UTF-8)
	 * @param payload the bytes
	 */
	void sendRaw(boolean binary, byte[] payload) throws IOException {
		sendFrame(binary ? 0x82 : 0x81, payload);
	}

	/**
	 * Send a text message as several frames (a text frame, then continuation frames), as clients may
	 * for a long message.
	 * @param text the message
	 * @param fragmentSize the payload bytes of each frame
	 */
	void sendFragmented(String text, int fragmentSize) throws IOException {
		sendFragmented(text.getBytes(StandardCharsets.UTF_8), fragmentSize);
	}

	/**
	 * Send a text message of any bytes (UTF-8 or not) as several frames.
	 * @param payload the bytes of the message
	 * @param fragmentSize the payload bytes of each frame
	 */
	void sendFragmented(byte[] payload, int fragmentSize) throws IOException {
		for (int at = 0; at < payload.length; at += fragmentSize) {
			int end = Math.min(payload.length, at + fragmentSize);
			int opcode = (at == 0) ? 0x1 : 0x0;
			int fin = (end == payload.length) ? 0x80 : 0;
			sendFrame(fin | opcode, Arrays.copyOfRange(payload, at, end));
		}
	}

	/**
	 * Send the first fragment of a text message (a text frame without FIN), as a client does that hangs
	 * up before the rest of the message.
	 * @param text the start of the message
	 */
	void sendUnfinished(String text) throws IOException {
		sendFrame(0x01, text.getBytes(StandardCharsets.UTF_8));
	}

	private void sendFrame(int finAndOpcode, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(finAndOpcode);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) ((long) payload.length >>> shift) & 0xFF);
			}
		}
		byte[] mask = new byte[4];
		RANDOM.nextBytes(mask);
		frame.write(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		this.out.write(frame.toByteArray());
		this.out.flush();
	}

	/** Read the next text frame. */
	String receive() throws IOException {
		Frame frame = nextFrame();
		return (frame.opcode() == 0x1) ? new String(frame.payload(), StandardCharsets.UTF_8) : receive();
	}

	/**
	 * Read the next text frame, which must hold one message, such as the reply to a request.
	 * @return the message
	 */
	Map<String, Object> receiveOne() throws IOException {
		List<Map<String, Object>> messages = JSON.readValue(receive(), new TypeReference<>() {
		});
		assertThat(messages).hasSize(1);
		return messages.get(0);
	}

	/**
	 * Read frames until the server's close frame.
	 * @return the status code it carries
	 */
	int closeCode() throws IOException {
		Frame frame = nextFrame();
		while (!frame.isClose()) {
			frame = nextFrame();
		}
		return frame.closeCode();
	}

	/**
	 * Read the next frame, whatever it is.
	 * @return the frame
	 */
	Frame nextFrame() throws IOException {
		int opcode = this.in.readUnsignedByte() & 0x0F;
		int length = this.in.readUnsignedByte() & 0x7F;
		long size = (length == 126) ? this.in.readUnsignedShort() : (length == 127) ? this.in.readLong() : length;
		byte[] payload = new byte[Math.toIntExact(size)];
		this.in.readFully(payload);
		return new Frame(opcode, payload);
	}

	/**
	 * A frame the server sent.
	 * @param opcode its opcode: {@code 0x1} text, {@code 0x8} close, and so on
	 * @param payload its payload
	 */
	record Frame(int opcode, byte[] payload) {

		boolean isClose() {
			return this.opcode == 0x8;
		}

		/** @return the status code of a close frame, or 1005 (no status) when it carries none */
		int closeCode() {
			return (this.payload.length < 2) ? 1005 : ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF);
		}

	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
