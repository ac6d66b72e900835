package dev.konfig.file.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Random access to the first bytes a parser asks for, with a budget: a parser may read at most
 * {@link #BUDGET} bytes in all, whatever the header claims, so malformed or hostile files cost
 * bounded memory and time. Reads past the end return fewer bytes.
 */
public abstract class HeaderSource {

	/** Bytes a parser may read in all (1 MiB). */
	public static final int BUDGET = 1 << 20;

	private long spent;

	/** The file's size in bytes. */
	public abstract long size();

	/** Up to {@code length} bytes from {@code position}; fewer at the end of the file. */
	public final byte[] read(long position, int length) {
		if (position < 0 || length < 0 || position >= size()) {
			return new byte[0];
		}
		int wanted = (int) Math.min(length, size() - position);
		this.spent += wanted;
		if (this.spent > BUDGET) {
			throw new BudgetExceeded();
		}
		return readAt(position, wanted);
	}

	protected abstract byte[] readAt(long position, int length);

	/** Bytes already in memory (tests, small files). */
	public static HeaderSource of(byte[] bytes) {
		return new HeaderSource() {

			@Override
			public long size() {
				return bytes.length;
			}

			@Override
			protected byte[] readAt(long position, int length) {
				return Arrays.copyOfRange(bytes, (int) position, (int) position + length);
			}

		};
	}

	/** A file, read with positional reads; the caller closes the channel. */
	public static HeaderSource of(FileChannel channel) {
		return new HeaderSource() {

			@Override
			public long size() {
				try {
					return channel.size();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}

			@Override
			protected byte[] readAt(long position, int length) {
				ByteBuffer buffer = ByteBuffer.allocate(length);
				try {
					long at = position;
					while (buffer.hasRemaining()) {
						int n = channel.read(buffer, at);
						if (n < 0) {
							break;
						}
						at += n;
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				return Arrays.copyOf(buffer.array(), buffer.position());
			}

		};
	}

	/** The parser asked for more than the budget: it stops with what it has. */
	static final class BudgetExceeded extends RuntimeException {

		BudgetExceeded() {
			super("header read budget exceeded", null, false, false);
		}

	}

}
