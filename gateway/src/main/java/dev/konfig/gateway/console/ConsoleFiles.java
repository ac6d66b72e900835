package dev.konfig.gateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/**
 * The console's built files, read from the classpath ({@code konfig-console/}, the console
 * module's jar) once and kept in memory: the whole build is a few hundred kilobytes.
 */
final class ConsoleFiles {

	static final String ROOT = "konfig-console/";

	private final ClassLoader classLoader;

	private final Map<String, Optional<ConsoleFile>> files = new ConcurrentHashMap<>();

	ConsoleFiles(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	/** Whether a console build is on the classpath at all. */
	boolean present() {
		return file("index.html").isPresent();
	}

	Optional<ConsoleFile> file(String relativePath) {
		if (relativePath.isEmpty() || relativePath.contains("..") || relativePath.startsWith(".")
				|| relativePath.contains("/.") || relativePath.contains("\\")) {
			return Optional.empty();
		}
		return this.files.computeIfAbsent(relativePath, this::load);
	}

	private Optional<ConsoleFile> load(String relativePath) {
		ClassPathResource resource = new ClassPathResource(ROOT + relativePath, this.classLoader);
		if (!resource.exists() || !resource.isReadable()) {
			return Optional.empty();
		}
		try (InputStream in = resource.getInputStream()) {
			byte[] bytes = in.readAllBytes();
			MediaType type = MediaTypeFactory.getMediaType(relativePath).orElse(MediaType.APPLICATION_OCTET_STREAM);
			return Optional.of(new ConsoleFile(bytes, type, "\"" + sha256(bytes).substring(0, 32) + "\""));
		}
		catch (IOException ex) {
			// A directory entry or an unreadable file: not a console file.
			if (ex.getMessage() != null && ex.getMessage().contains("directory")) {
				return Optional.empty();
			}
			throw new UncheckedIOException(ex);
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record ConsoleFile(byte[] bytes, MediaType mediaType, String etag) {
	}

}
