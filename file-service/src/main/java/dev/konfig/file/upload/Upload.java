package dev.konfig.file.upload;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.lang.Nullable;

import dev.konfig.file.file.StoredFile;

/** An upload in flight: its row, its temporary file and what it has received and reserved. */
final class Upload {

	private final StoredFile row;

	private final Path temp;

	private final @Nullable String clientSha256;

	private final boolean bounded;

	private volatile long received;

	private volatile long reserved;

	private volatile @Nullable String sha256;

	private volatile @Nullable UploadSlots.Slot slot;

	Upload(StoredFile row, Path temp, @Nullable String clientSha256, boolean bounded, @Nullable UploadSlots.Slot slot) {
		this.row = row;
		this.temp = temp;
		this.clientSha256 = clientSha256;
		this.bounded = bounded;
		this.received = row.receivedBytes();
		this.reserved = row.reservedBytes();
		this.slot = slot;
	}

	StoredFile row() {
		return this.row;
	}

	UUID id() {
		return this.row.id();
	}

	UUID organizationId() {
		return this.row.organizationId();
	}

	Path temp() {
		return this.temp;
	}

	@Nullable
	String clientSha256() {
		return this.clientSha256;
	}

	/**
	 * Whether the length was announced, so the reservation is all the upload may ever hold (a
	 * longer body is refused); otherwise the reservation grows step by step.
	 */
	boolean bounded() {
		return this.bounded;
	}

	long received() {
		return this.received;
	}

	void received(long bytes) {
		this.received = bytes;
	}

	long reserved() {
		return this.reserved;
	}

	void reserved(long bytes) {
		this.reserved = bytes;
	}

	/** The SHA-256 computed while streaming; {@code null} when it must be read from the file. */
	@Nullable
	String sha256() {
		return this.sha256;
	}

	void sha256(String hex) {
		this.sha256 = hex;
	}

	/** Gives the upload's concurrency slot back (once). */
	void releaseSlot() {
		UploadSlots.Slot held = this.slot;
		this.slot = null;
		if (held != null) {
			held.release();
		}
	}

}
