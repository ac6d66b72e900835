package dev.konfig.file.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Streams a request body into a file: each buffer passes through the digests and a byte
 * counter and is written at once, so the body never sits in memory (FS-2, FS-4 step 3). The
 * writer stops with {@link TooLarge} past the byte limit, with {@link Idle} when no byte comes
 * for the idle timeout, and asks for more quota through {@code grow} before writing past what
 * is reserved.
 */
public final class TempFileWriter {

	/** Buffers read ahead of the disk per upload. */
	private static final int WRITE_AHEAD = 32;

	private TempFileWriter() {
	}

	/**
	 * Writes the body at {@code position} of an existing file.
	 *
	 * @param body the bytes as they arrive
	 * @param file the file, created beforehand
	 * @param position where the first byte goes
	 * @param maxBytes the most bytes this call may write
	 * @param idle the longest wait for the next buffer
	 * @param reserved bytes covered by the reservation so far (counted from {@code position})
	 * @param grow called with the bytes needed when the body outgrows {@code reserved}; answers the
	 * new reservation or fails (quota)
	 * @param digests updated with every byte, in order
	 * @return how many bytes were written
	 */
	public static Mono<Long> write(Flux<DataBuffer> body, Path file, long position, long maxBytes, Duration idle,
			long reserved, LongFunction<Mono<Long>> grow, List<MessageDigest> digests) {
		return Mono.defer(() -> {
			long[] counted = { 0 };
			long[] covered = { reserved };
			Flux<DataBuffer> timed = body.timeout(idle).onErrorMap(TimeoutException.class, timeout -> new Idle());
			Flux<DataBuffer> checked;
			if (reserved >= maxBytes) {
				// The reservation covers anything the limit lets through: no quota call on the way.
				checked = timed.handle((buffer, sink) -> {
					long next = counted[0] + buffer.readableByteCount();
					if (next > maxBytes) {
						DataBufferUtils.release(buffer);
						sink.error(new TooLarge());
						return;
					}
					counted[0] = next;
					digest(buffer, digests);
					sink.next(buffer);
				});
			}
			else {
				checked = timed.concatMap(buffer -> {
					long next = counted[0] + buffer.readableByteCount();
					if (next > maxBytes) {
						DataBufferUtils.release(buffer);
						return Mono.error(new TooLarge());
					}
					counted[0] = next;
					digest(buffer, digests);
					if (next <= covered[0]) {
						return Mono.just(buffer);
					}
					return grow.apply(next).map(now -> {
						covered[0] = now;
						return buffer;
					}).onErrorResume(failure -> {
						DataBufferUtils.release(buffer);
						return Mono.error(failure);
					});
				});
			}
			// One worker thread writes each buffer as it comes, with a plain positional write: no
			// hand-off to another thread per buffer (an asynchronous channel costs one per write), and
			// at most WRITE_AHEAD buffers wait in memory.
			return Mono.usingWhen(open(file), channel -> {
				long[] at = { position };
				return checked.publishOn(BlobStore.io(), WRITE_AHEAD)
					.handle((buffer, sink) -> {
						try {
							at[0] += writeFully(channel, buffer, at[0]);
						}
						catch (IOException ex) {
							sink.error(new UncheckedIOException(ex));
							return;
						}
						finally {
							DataBufferUtils.release(buffer);
						}
					})
					.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
					.then(Mono.fromSupplier(() -> counted[0]));
			}, channel -> close(channel), (channel, failure) -> close(channel), channel -> close(channel));
		});
	}

	private static long writeFully(FileChannel channel, DataBuffer buffer, long position) throws IOException {
		long at = position;
		try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
			while (buffers.hasNext()) {
				ByteBuffer bytes = buffers.next();
				while (bytes.hasRemaining()) {
					at += channel.write(bytes, at);
				}
			}
		}
		return at - position;
	}

	/** A fresh SHA-256 digest. */
	public static MessageDigest sha256() {
		return digest("SHA-256");
	}

	public static MessageDigest digest(String algorithm) {
		try {
			return MessageDigest.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Lower-case hex of a digest's result. */
	public static String hex(MessageDigest digest) {
		return HexFormat.of().formatHex(digest.digest());
	}

	private static void digest(DataBuffer buffer, List<MessageDigest> digests) {
		if (digests.isEmpty()) {
			return;
		}
		try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
			while (buffers.hasNext()) {
				ByteBuffer bytes = buffers.next();
				for (MessageDigest digest : digests) {
					digest.update(bytes.duplicate());
				}
			}
		}
	}

	private static Mono<FileChannel> open(Path file) {
		return Mono.fromCallable(() -> FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))
			.subscribeOn(BlobStore.io());
	}

	private static Mono<Void> close(FileChannel channel) {
		return Mono.fromRunnable(() -> {
			try {
				channel.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/** More bytes arrived than the limit allows (413). */
	public static final class TooLarge extends RuntimeException {

		TooLarge() {
			super("The body exceeds the size limit", null, false, false);
		}

	}

	/** No byte arrived for the idle timeout (408). */
	public static final class Idle extends RuntimeException {

		Idle() {
			super("No byte arrived within the idle timeout", null, false, false);
		}

	}

}
