package dev.konfig.file.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.konfig.file.system.FileProperties;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The files under the storage root (FS-13). A file's place is
 * {@code {organization_id}/{file_type}/{yyyy}/{mm}/{file_id}}, built from ids only, so nothing a
 * client sends names a path; temporary files are {@code .tmp/{id}} on the same file system, so
 * the final move is atomic. Every resolved path is checked to stay under the root, and symbolic
 * links are never followed. Blocking file system calls run on {@link #io()}, never on an
 * event-loop thread.
 */
@Component
public class BlobStore {

	private static final Logger log = LoggerFactory.getLogger(BlobStore.class);

	/** The directory of temporary files under the root. */
	public static final String TEMP = ".tmp";

	private final Path root;

	private final Path temp;

	public BlobStore(FileProperties properties) {
		this.root = properties.storageRoot().toAbsolutePath().normalize();
		this.temp = this.root.resolve(TEMP);
		try {
			Files.createDirectories(this.root);
			Files.createDirectories(this.temp);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the storage root " + this.root, ex);
		}
	}

	/** The scheduler of blocking file system work. */
	public static Scheduler io() {
		return Schedulers.boundedElastic();
	}

	public Path root() {
		return this.root;
	}

	/** The storage key of a file: ids and the upload's UTC month only. */
	public static String pathOf(UUID organizationId, String fileType, Instant uploadedAt, UUID fileId) {
		ZonedDateTime at = uploadedAt.atZone(ZoneOffset.UTC);
		return organizationId + "/" + fileType + "/" + at.getYear() + "/" + String.format("%02d", at.getMonthValue())
				+ "/" + fileId;
	}

	/** The absolute path of a storage key, refused unless it stays under the root. */
	public Path resolve(String filePath) {
		Path resolved = this.root.resolve(filePath).normalize();
		if (!resolved.startsWith(this.root) || resolved.equals(this.root) || resolved.startsWith(this.temp)) {
			log.error("ALERT: storage key '{}' resolves outside the storage root; refused", filePath);
			throw new IllegalStateException("A storage key left the storage root");
		}
		return resolved;
	}

	/** The temporary file of an upload. */
	public Path tempOf(UUID uploadId) {
		return this.temp.resolve(uploadId.toString());
	}

	/** The directory of an organization's files. */
	public Path organizationDirectory(UUID organizationId) {
		return resolve(organizationId.toString());
	}

	/** Creates an upload's empty temporary file, readable by the service's user only. */
	public Mono<Path> createTemp(UUID uploadId) {
		Path file = tempOf(uploadId);
		return Mono.fromCallable(() -> {
			try {
				Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			catch (UnsupportedOperationException notPosix) {
				Files.createFile(file);
			}
			return file;
		}).subscribeOn(io());
	}

	/**
	 * Makes a complete temporary file the stored file: its bytes reach the disk, it is moved
	 * atomically into place, and the directory entry reaches the disk too.
	 */
	public Mono<Void> moveIntoPlace(Path tempFile, String filePath) {
		Path target = resolve(filePath);
		return Mono.<Void>fromRunnable(() -> {
			try {
				try (FileChannel channel = FileChannel.open(tempFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
					channel.force(true);
				}
				Files.createDirectories(target.getParent());
				Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE, LinkOption.NOFOLLOW_LINKS);
				forceDirectory(target.getParent());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}).subscribeOn(io());
	}

	/**
	 * How many bytes of an upload's temporary file are on disk, after forcing them there; the
	 * file is first cut back to {@code limit} if it is longer (a resumable upload's offset).
	 */
	public Mono<Long> syncedSize(UUID uploadId, long limit) {
		Path file = tempOf(uploadId);
		return Mono.fromCallable(() -> {
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
				if (channel.size() > limit) {
					channel.truncate(limit);
				}
				channel.force(true);
				return channel.size();
			}
		}).subscribeOn(io());
	}

	/** Cuts an upload's temporary file back to {@code size} bytes (a chunk refused after it was written). */
	public Mono<Void> truncateTemp(UUID uploadId, long size) {
		Path file = tempOf(uploadId);
		return Mono.<Void>fromRunnable(() -> {
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
				channel.truncate(size);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}).subscribeOn(io());
	}

	/** Removes a stored file; a missing one is fine. */
	public Mono<Boolean> delete(String filePath) {
		Path target = resolve(filePath);
		return Mono.fromCallable(() -> Files.deleteIfExists(target)).subscribeOn(io());
	}

	/** Removes an upload's temporary file; a missing one is fine, a failure is only logged. */
	public Mono<Void> deleteTemp(UUID uploadId) {
		Path file = tempOf(uploadId);
		return Mono.<Void>fromRunnable(() -> deleteQuietly(file)).subscribeOn(io());
	}

	/** Whether a stored file's bytes are there (a regular file, not a link). */
	public boolean exists(String filePath) {
		return Files.isRegularFile(resolve(filePath), LinkOption.NOFOLLOW_LINKS);
	}

	/** Space left for new files, in bytes. */
	public long usableSpace() {
		try {
			return Files.getFileStore(this.root).getUsableSpace();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Removes a whole directory tree under the root, without following links. */
	public Mono<Long> deleteTree(Path directory) {
		if (!directory.normalize().startsWith(this.root) || directory.normalize().equals(this.root)) {
			return Mono.error(new IllegalStateException("Refusing to remove a directory outside the storage root"));
		}
		return Mono.fromCallable(() -> {
			long[] removed = { 0 };
			if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
				return 0L;
			}
			Files.walkFileTree(directory, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					Files.deleteIfExists(file);
					removed[0]++;
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
					try {
						Files.deleteIfExists(dir);
					}
					catch (DirectoryNotEmptyException raced) {
						log.warn("Directory {} got a new entry while being removed; the orphan sweep will retry", dir);
					}
					return FileVisitResult.CONTINUE;
				}

			});
			return removed[0];
		}).subscribeOn(io());
	}

	/**
	 * Visits every regular file under the root but temporary ones, with its storage key and
	 * attributes (the orphan sweep). Runs on the calling thread: call it on {@link #io()}.
	 */
	public void visitStored(Consumer<Stored> visitor) throws IOException {
		Files.walkFileTree(this.root, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
				return dir.equals(BlobStore.this.temp) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
				if (attributes.isRegularFile()) {
					visitor.accept(new Stored(BlobStore.this.root.relativize(file).toString().replace('\\', '/'),
							attributes.lastModifiedTime().toInstant()));
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException failure) {
				log.warn("Cannot read {} during the orphan sweep: {}", file, failure.toString());
				return FileVisitResult.CONTINUE;
			}

		});
	}

	/** Temporary files with their last change, for the sweep. Runs on the calling thread. */
	public void visitTemp(Consumer<Stored> visitor) throws IOException {
		try (var files = Files.newDirectoryStream(this.temp)) {
			for (Path file : files) {
				BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
						LinkOption.NOFOLLOW_LINKS);
				visitor.accept(new Stored(file.getFileName().toString(), attributes.lastModifiedTime().toInstant()));
			}
		}
	}

	/** Removes a temporary file by name (the sweep). */
	public void deleteTempNamed(String name) {
		Path file = this.temp.resolve(name).normalize();
		if (file.getParent() != null && file.getParent().equals(this.temp)) {
			deleteQuietly(file);
		}
	}

	/** A file found under the root: its storage key (or temp name) and when it last changed. */
	public record Stored(String key, Instant modifiedAt) {
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (NoSuchFileException gone) {
			// Already removed.
		}
		catch (IOException ex) {
			log.warn("Cannot remove {}: {}", file, ex.toString());
		}
	}

	private static void forceDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some file systems (and NAS mounts) cannot open a directory for fsync; the move stands.
			log.debug("Cannot fsync directory {}: {}", directory, ex.toString());
		}
	}

}
