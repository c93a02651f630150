package io.github.cometdboot.programmingmodel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A raw change to the bytes of a body, as a broken client or a hostile one makes: cut short, a byte
 * flipped, invalid UTF-8 inserted, another encoding, a byte order mark.
 * @param kind what is done
 * @param at where, taken modulo the length of the body
 * @param which which byte flip or which invalid sequence
 */
record Mutation(Kind kind, int at, int which) {

	/** Byte sequences that are no UTF-8: overlong, a lone continuation byte, an encoded surrogate, cut short. */
	private static final List<byte[]> INVALID_UTF8 = List.of(new byte[] { (byte) 0xC0, (byte) 0x80 },
			new byte[] { (byte) 0xFF }, new byte[] { (byte) 0x80 }, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
			new byte[] { (byte) 0xE2, (byte) 0x82 }, new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
			new byte[] { 0 });

	/** What a mutation does. */
	enum Kind {

		NONE, TRUNCATE, FLIP, INSERT_INVALID_UTF8, UTF_16, BYTE_ORDER_MARK

	}

	/** @return mostly no mutation, else any */
	static Arbitrary<Mutation> arbitrary() {
		Arbitrary<Kind> kind = Arbitraries.frequency(Tuple.of(12, Kind.NONE), Tuple.of(2, Kind.TRUNCATE),
				Tuple.of(2, Kind.FLIP), Tuple.of(2, Kind.INSERT_INVALID_UTF8), Tuple.of(1, Kind.UTF_16),
				Tuple.of(1, Kind.BYTE_ORDER_MARK));
		return Combinators.combine(kind, Arbitraries.integers().between(0, 1_000_000), Arbitraries.integers().between(1, 255))
			.as(Mutation::new);
	}

	byte[] apply(byte[] body) {
		int position = this.at % (body.length + 1);
		return switch (this.kind) {
			case NONE -> body;
			case TRUNCATE -> Arrays.copyOf(body, position);
			case FLIP -> flip(body, position);
			case INSERT_INVALID_UTF8 -> insert(body, position, INVALID_UTF8.get(this.which % INVALID_UTF8.size()));
			case UTF_16 -> new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
			case BYTE_ORDER_MARK -> insert(body, 0, new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
		};
	}

	private byte[] flip(byte[] body, int position) {
		if (body.length == 0) {
			return body;
		}
		byte[] flipped = body.clone();
		flipped[position % body.length] ^= (byte) this.which;
		return flipped;
	}

	private static byte[] insert(byte[] body, int position, byte[] inserted) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + inserted.length);
		out.write(body, 0, position);
		out.write(inserted, 0, inserted.length);
		out.write(body, position, body.length - position);
		return out.toByteArray();
	}

}
