package dev.konfig.file.upload;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.lang.Nullable;

import dev.konfig.file.file.FileType;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/** What upload requests say in headers and parameters, read and checked the same way everywhere. */
final class UploadHeaders {

	static final String CHECKSUM_HEADER = "X-Checksum-SHA256";

	static final String REPR_DIGEST = "Repr-Digest";

	private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

	private static final Pattern REPR_SHA256 = Pattern.compile("(?:^|,)\\s*sha-256\\s*=\\s*:([A-Za-z0-9+/=]+):");

	private UploadHeaders() {
	}

	/**
	 * The SHA-256 the client announced ({@code Repr-Digest: sha-256=:<base64>:} or
	 * {@code X-Checksum-SHA256: <hex>}), lower-case hex; {@code null} for none. A malformed one is
	 * a 400, never ignored.
	 */
	@Nullable
	static String clientSha256(HttpHeaders headers) {
		String hex = headers.getFirst(CHECKSUM_HEADER);
		if (hex != null) {
			if (!HEX_SHA256.matcher(hex.strip()).matches()) {
				throw invalidChecksum(CHECKSUM_HEADER + " must be 64 hexadecimal characters");
			}
			return hex.strip().toLowerCase(Locale.ROOT);
		}
		String digest = headers.getFirst(REPR_DIGEST);
		if (digest != null) {
			Matcher sha = REPR_SHA256.matcher(digest);
			if (sha.find()) {
				try {
					byte[] bytes = Base64.getDecoder().decode(sha.group(1));
					if (bytes.length == 32) {
						return HexFormat.of().formatHex(bytes);
					}
				}
				catch (IllegalArgumentException ex) {
					// reported below
				}
				throw invalidChecksum(REPR_DIGEST + " sha-256 must be the base64 of 32 bytes");
			}
		}
		return null;
	}

	/** The name in {@code Content-Disposition} ({@code filename*} preferred); {@code null} for none. */
	@Nullable
	static String dispositionFilename(HttpHeaders headers) {
		String header = headers.getFirst(HttpHeaders.CONTENT_DISPOSITION);
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			return ContentDisposition.parse(header).getFilename();
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException("The Content-Disposition header is malformed",
					List.of(new FieldViolation("filename", "Content-Disposition cannot be read")));
		}
	}

	/** The file type a client named; 400 listing the values when missing or unknown. */
	static FileType fileType(@Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new BadRequestException("file_type is required",
					List.of(new FieldViolation("file_type", "is required: one of " + FileType.listed())));
		}
		return FileType.parse(value.strip())
			.orElseThrow(() -> new BadRequestException("file_type is not a known type",
					List.of(new FieldViolation("file_type", "must be one of " + FileType.listed()))));
	}

	/** The announced body length; {@code null} when not announced. */
	@Nullable
	static Long contentLength(HttpHeaders headers) {
		long length = headers.getContentLength();
		return (length < 0) ? null : length;
	}

	private static BadRequestException invalidChecksum(String message) {
		return new BadRequestException(message, List.of(new FieldViolation("checksum", message)));
	}

}
