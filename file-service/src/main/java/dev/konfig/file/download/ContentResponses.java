package dev.konfig.file.download;

import java.nio.channels.AsynchronousFileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ZeroCopyHttpOutputMessage;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;

import dev.konfig.file.content.MediaTypes;
import dev.konfig.file.file.FileStatus;
import dev.konfig.file.file.StoredFile;
import dev.konfig.file.storage.BlobStore;
import dev.konfig.file.system.FileProblem;
import dev.konfig.platform.web.EntityTags;
import reactor.core.publisher.Mono;

/**
 * Writes a stored file's bytes as the answer (FS-14), for the public and the internal download
 * alike: only ready files (409 naming the status otherwise); {@code ETag: "sha256:<hex>"} and
 * {@code Last-Modified}; {@code If-None-Match} (or, without it, {@code If-Modified-Since}) →
 * 304; one {@code Range} → 206, beyond the end → 416, with {@code If-Range} on the ETag or the
 * exact date; {@code HEAD} the same headers without a body; a {@code Content-Disposition} no
 * file name can break. The body streams from the file, zero-copy where the server allows it.
 */
@Component
public class ContentResponses {

	private static final Logger log = LoggerFactory.getLogger(ContentResponses.class);

	private static final int READ_BUFFER = 64 * 1024;

	private final BlobStore store;

	ContentResponses(BlobStore store) {
		this.store = store;
	}

	/** The strong entity tag of a file's bytes. */
	public static String etag(StoredFile file) {
		return EntityTags.of("sha256:" + file.sha256());
	}

	public Mono<Void> write(StoredFile file, ServerWebExchange exchange, @Nullable String disposition) {
		if (!file.is(FileStatus.READY)) {
			String detail = file.is(FileStatus.ARCHIVED) ? "The file is archived; restore it first"
					: "The file is " + file.status() + ", not ready; its content cannot be downloaded";
			return Mono.error(FileProblem.of(HttpStatus.CONFLICT, detail));
		}
		Path path = this.store.resolve(file.filePath());
		return Mono.fromCallable(() -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
			.subscribeOn(BlobStore.io())
			.flatMap(present -> {
				if (!present) {
					log.error("The content of file {} (organization {}) is missing from the storage", file.id(),
							file.organizationId());
					return Mono.error(FileProblem.of(HttpStatus.INTERNAL_SERVER_ERROR, "file content is missing"));
				}
				return respond(file, path, exchange, disposition);
			});
	}

	private Mono<Void> respond(StoredFile file, Path path, ServerWebExchange exchange, @Nullable String disposition) {
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
		HttpHeaders requestHeaders = request.getHeaders();
		HttpHeaders headers = response.getHeaders();
		String etag = etag(file);
		Instant lastModified = file.createdAt().truncatedTo(ChronoUnit.SECONDS);
		headers.setETag(etag);
		headers.setLastModified(lastModified);
		headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
		headers.setCacheControl("private, no-cache");
		headers.set("X-Content-Type-Options", "nosniff");
		if (notModified(requestHeaders, file, lastModified)) {
			response.setStatusCode(HttpStatus.NOT_MODIFIED);
			return response.setComplete();
		}
		headers.setContentType(MediaType.parseMediaType(file.mimeType()));
		headers.set(HttpHeaders.CONTENT_DISPOSITION, disposition(file, disposition));
		if (MediaTypes.SVG.equals(file.mimeType())) {
			headers.set("Content-Security-Policy", "sandbox");
		}
		long size = file.fileSize();
		ByteRange.Answer answer = rangeApplies(requestHeaders, etag, lastModified)
				? ByteRange.parse(requestHeaders.getFirst(HttpHeaders.RANGE), size) : new ByteRange.Whole();
		long start = 0;
		long length = size;
		if (answer instanceof ByteRange.Unsatisfiable) {
			headers.remove(HttpHeaders.CONTENT_DISPOSITION);
			headers.remove(HttpHeaders.CONTENT_TYPE);
			return Mono.error(FileProblem.rangeNotSatisfiable(size));
		}
		if (answer instanceof ByteRange.Partial partial) {
			start = partial.range().start();
			length = partial.range().length();
			response.setStatusCode(HttpStatus.PARTIAL_CONTENT);
			headers.set(HttpHeaders.CONTENT_RANGE,
					"bytes " + partial.range().start() + "-" + partial.range().end() + "/" + size);
		}
		else {
			response.setStatusCode(HttpStatus.OK);
		}
		headers.setContentLength(length);
		if (HttpMethod.HEAD.equals(request.getMethod())) {
			return response.setComplete();
		}
		if (response instanceof ZeroCopyHttpOutputMessage zeroCopy) {
			return zeroCopy.writeWith(path, start, length);
		}
		long from = start;
		return response.writeWith(DataBufferUtils.takeUntilByteCount(DataBufferUtils.readAsynchronousFileChannel(
				() -> AsynchronousFileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), from,
				response.bufferFactory(), READ_BUFFER), length));
	}

	/**
	 * {@code If-None-Match} naming the ETag (or {@code *}); only without it,
	 * {@code If-Modified-Since} at or after the upload.
	 */
	private static boolean notModified(HttpHeaders request, StoredFile file, Instant lastModified) {
		String ifNoneMatch = request.getFirst(HttpHeaders.IF_NONE_MATCH);
		if (ifNoneMatch != null) {
			return EntityTags.matches(ifNoneMatch, "sha256:" + file.sha256());
		}
		String since = request.getFirst(HttpHeaders.IF_MODIFIED_SINCE);
		if (since == null) {
			return false;
		}
		try {
			Instant ims = ZonedDateTime.parse(since, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return !lastModified.isAfter(ims);
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	/** Without {@code If-Range} a range applies; with it, only when it names the ETag or the exact date. */
	private static boolean rangeApplies(HttpHeaders request, String etag, Instant lastModified) {
		String ifRange = request.getFirst(HttpHeaders.IF_RANGE);
		if (ifRange == null || ifRange.isBlank()) {
			return true;
		}
		String value = ifRange.strip();
		if (value.startsWith("\"") || value.startsWith("W/")) {
			return value.equals(etag);
		}
		try {
			return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().equals(lastModified);
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	/**
	 * {@code attachment} (or {@code inline} for PNG, JPEG, GIF, WebP and PDF when asked) with an
	 * ASCII fallback name, where anything but printable ASCII, {@code "} and {@code \} became
	 * {@code _}, and the exact name percent-encoded in {@code filename*}.
	 */
	static String disposition(StoredFile file, @Nullable String wanted) {
		boolean inline = "inline".equals(wanted) && MediaTypes.inlineable(file.mimeType());
		StringBuilder fallback = new StringBuilder();
		file.filename().codePoints().forEach(c -> fallback.append(
				(c < 0x20 || c > 0x7E || c == '"' || c == '\\') ? '_' : (char) c));
		return (inline ? "inline" : "attachment") + "; filename=\"" + fallback + "\"; filename*=UTF-8''"
				+ UriUtils.encode(file.filename(), StandardCharsets.UTF_8);
	}

}
