package dev.konfig.file.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.KonfigException;

/**
 * The file service's answers that platform-web has no type for, or that carry more than a
 * detail and field errors: 507 with the quota figures, 413, 415, 408, 416 with its
 * {@code Content-Range}, 409 naming the file in the way, 429 for too many uploads in flight.
 * Rendered by {@link FileProblemHandler} with the platform's problem shape plus
 * {@link #properties()}.
 */
public class FileProblem extends KonfigException {

	private final HttpStatus status;

	private final Map<String, Object> properties;

	private final HttpHeaders headers;

	public FileProblem(HttpStatus status, String detail, List<FieldViolation> errors, Map<String, Object> properties,
			HttpHeaders headers) {
		super(detail, errors);
		this.status = status;
		this.properties = Map.copyOf(properties);
		this.headers = headers;
	}

	/** 507: the organization's quota or file count, or the disk, has no room for the upload. */
	public static FileProblem insufficientStorage(String detail, long quotaBytes, long usedBytes, long reservedBytes,
			long maxFiles, long fileCount) {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("quota_bytes", quotaBytes);
		figures.put("used_bytes", usedBytes);
		figures.put("reserved_bytes", reservedBytes);
		figures.put("max_files", maxFiles);
		figures.put("file_count", fileCount);
		return new FileProblem(HttpStatus.INSUFFICIENT_STORAGE, detail, List.of(), figures, HttpHeaders.EMPTY);
	}

	/** 413: the file is larger than the service accepts. */
	public static FileProblem tooLarge(long maxBytes) {
		return new FileProblem(HttpStatus.CONTENT_TOO_LARGE, "The file is larger than the limit of " + maxBytes
				+ " bytes", List.of(new FieldViolation("file", "exceeds " + maxBytes + " bytes")),
				Map.of("max_size", maxBytes), HttpHeaders.EMPTY);
	}

	/** 415: the bytes are not a type this file type allows. */
	public static FileProblem unsupportedType(String fileType, String detected, List<String> allowed) {
		String message = "is " + detected + ", which a " + fileType + " cannot be; allowed: " + String.join(", ", allowed);
		return new FileProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The file's content " + message,
				List.of(new FieldViolation("file", message)), Map.of("detected_type", detected, "allowed_types", allowed),
				HttpHeaders.EMPTY);
	}

	/** 408: the client stopped sending. */
	public static FileProblem idle(Duration timeout) {
		return new FileProblem(HttpStatus.REQUEST_TIMEOUT,
				"No byte of the upload arrived for " + timeout.toSeconds() + " s; the upload was abandoned", List.of(),
				Map.of(), HttpHeaders.EMPTY);
	}

	/** 416: the range starts at or beyond the end of the file. */
	public static FileProblem rangeNotSatisfiable(long size) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
		return new FileProblem(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
				"The range starts beyond the file's " + size + " bytes", List.of(), Map.of(), headers);
	}

	/** 409 with the properties that explain it (the id of the file in the way). */
	public static FileProblem conflict(String detail, Map<String, Object> properties) {
		return new FileProblem(HttpStatus.CONFLICT, detail, List.of(), properties, HttpHeaders.EMPTY);
	}

	/** 429: too many uploads in flight; come back in {@code retryAfter}. */
	public static FileProblem tooManyUploads(String detail, Duration retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
		return new FileProblem(HttpStatus.TOO_MANY_REQUESTS, detail, List.of(), Map.of(), headers);
	}

	/** Any other status with its detail. */
	public static FileProblem of(HttpStatus status, String detail) {
		return new FileProblem(status, detail, List.of(), Map.of(), HttpHeaders.EMPTY);
	}

	@Override
	public HttpStatus status() {
		return this.status;
	}

	/** The status code sent; a protocol's own code (tus's 460) where {@link #status()} has none. */
	public int statusValue() {
		return this.status.value();
	}

	/** Members of the problem beyond the platform's. */
	@Override
	public Map<String, Object> properties() {
		return this.properties;
	}

	@Override
	public HttpHeaders headers() {
		return this.headers;
	}

}
