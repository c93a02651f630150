package io.github.cometdboot.server.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP/1.1 GET over a plain socket that reads a chunked response one chunk at a time, as it
 * arrives: a chunk can only be read once the server flushed it, so reading one while the response is
 * still open proves that the server flushes as it writes. Reads time out rather than hang.
 */
final class RawHttpStream implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final int status;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private RawHttpStream(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		String statusLine = readLine();
		this.status = Integer.parseInt(statusLine.split(" ")[1]);
		for (String line = readLine(); !line.isEmpty(); line = readLine()) {
			int colon = line.indexOf(':');
			this.headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
	}

	/**
	 * Send a GET and read the status line and headers.
	 * @param port the server port on 127.0.0.1
	 * @param target the request target, such as {@code /cometd/abc}
	 * @param timeout how long any read may wait
	 * @param headers extra header lines, such as {@code Accept: text/event-stream}
	 * @return the open response
	 */
	static RawHttpStream get(int port, String target, Duration timeout, String... headers) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
		socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
		StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		request.append("\r\n");
		OutputStream out = socket.getOutputStream();
		out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return new RawHttpStream(socket);
	}

	int status() {
		return this.status;
	}

	@Nullable String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Read the next chunk of a chunked body.
	 * @return its text, or {@code null} after the last chunk, when the server ended the response
	 */
	@Nullable String nextChunk() throws IOException {
		String sizeLine = readLine();
		int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
		if (size == 0) {
			readLine();
			return null;
		}
		byte[] chunk = this.in.readNBytes(size);
		if (chunk.length < size) {
			throw new IOException("Connection closed in a chunk");
		}
		readLine();
		return new String(chunk, StandardCharsets.UTF_8);
	}

	/**
	 * Read chunks until one that is not a heartbeat.
	 * @param heartbeat the text of a heartbeat chunk
	 * @return the next other chunk, or {@code null} at the end of the response
	 */
	@Nullable String nextChunkOtherThan(String heartbeat) throws IOException {
		String chunk = nextChunk();
		while (heartbeat.equals(chunk)) {
			chunk = nextChunk();
		}
		return chunk;
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		for (int next = this.in.read(); next != -1; next = this.in.read()) {
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
			}
			line.write(next);
			previous = next;
		}
		throw new IOException("Connection closed");
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
