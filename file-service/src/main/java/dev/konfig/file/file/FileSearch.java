package dev.konfig.file.file;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.lang.Nullable;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/**
 * The filters of a file list (FS-10), all optional and AND-ed, validated as a whole so that a
 * client learns every bad parameter at once.
 */
public record FileSearch(UUID organizationId, Set<String> fileTypes, Set<String> statuses,
		@Nullable String filenameContains, @Nullable String sha256, @Nullable String mimeType,
		@Nullable Instant createdAfter, @Nullable Instant createdBefore, @Nullable Long minSize, @Nullable Long maxSize,
		boolean includeArchived) {

	private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

	/** Reads the query; 400 with one error per bad parameter. */
	public static FileSearch parse(UUID organizationId, Map<String, String> query) {
		List<FieldViolation> errors = new ArrayList<>();
		Set<String> types = list(query.get("file_type"), "file_type",
				value -> FileType.parse(value).map(FileType::value).orElse(null), FileType.listed(), errors);
		Set<String> statuses = list(query.get("status"), "status",
				value -> FileStatus.parse(value).map(FileStatus::value).orElse(null), FileStatus.listed(), errors);
		String contains = query.get("filename_contains");
		if (contains != null && (contains.isEmpty() || contains.codePointCount(0, contains.length()) > 255)) {
			errors.add(new FieldViolation("filename_contains", "must be 1 to 255 characters"));
		}
		String sha = query.get("sha256");
		if (sha != null && !SHA256.matcher(sha).matches()) {
			errors.add(new FieldViolation("sha256", "must be 64 hexadecimal characters"));
		}
		String mime = query.get("mime_type");
		if (mime != null && (mime.isBlank() || mime.length() > 127)) {
			errors.add(new FieldViolation("mime_type", "must be a media type such as image/png"));
		}
		Instant after = time(query.get("created_after"), "created_after", errors);
		Instant before = time(query.get("created_before"), "created_before", errors);
		if (after != null && before != null && !after.isBefore(before)) {
			errors.add(new FieldViolation("created_after", "must be before created_before"));
		}
		Long min = size(query.get("min_size"), "min_size", errors);
		Long max = size(query.get("max_size"), "max_size", errors);
		if (min != null && max != null && min > max) {
			errors.add(new FieldViolation("min_size", "must not be above max_size"));
		}
		Boolean archived = bool(query.get("include_archived"), "include_archived", errors);
		if (!errors.isEmpty()) {
			throw new BadRequestException("The search has invalid parameters", errors);
		}
		boolean includeArchived = Boolean.TRUE.equals(archived) || statuses.contains(FileStatus.ARCHIVED.value());
		return new FileSearch(organizationId, types, statuses, contains,
				(sha == null) ? null : sha.toLowerCase(Locale.ROOT), mime, after, before, min, max, includeArchived);
	}

	/** Appends the WHERE conditions with positional parameters ({@code $1}...) and their values. */
	void appendConditions(StringBuilder sql, List<Object> values) {
		values.add(this.organizationId);
		sql.append("organization_id = $1");
		if (!this.fileTypes.isEmpty()) {
			values.add(this.fileTypes.toArray(String[]::new));
			sql.append(" AND file_type = ANY($").append(values.size()).append(")");
		}
		if (!this.statuses.isEmpty()) {
			values.add(this.statuses.toArray(String[]::new));
			sql.append(" AND status = ANY($").append(values.size()).append(")");
		}
		if (!this.includeArchived) {
			sql.append(" AND status <> 'archived'");
		}
		if (this.filenameContains != null) {
			values.add("%" + likeEscaped(this.filenameContains) + "%");
			int n = values.size();
			sql.append(" AND (filename ILIKE $").append(n).append(" ESCAPE '\\' OR original_filename ILIKE $")
				.append(n).append(" ESCAPE '\\')");
		}
		if (this.sha256 != null) {
			values.add(this.sha256);
			sql.append(" AND sha256 = $").append(values.size());
		}
		if (this.mimeType != null) {
			values.add(this.mimeType);
			sql.append(" AND mime_type = $").append(values.size());
		}
		if (this.createdAfter != null) {
			values.add(FileRepository.time(this.createdAfter));
			sql.append(" AND created_at >= $").append(values.size());
		}
		if (this.createdBefore != null) {
			values.add(FileRepository.time(this.createdBefore));
			sql.append(" AND created_at < $").append(values.size());
		}
		if (this.minSize != null) {
			values.add(this.minSize);
			sql.append(" AND file_size >= $").append(values.size());
		}
		if (this.maxSize != null) {
			values.add(this.maxSize);
			sql.append(" AND file_size <= $").append(values.size());
		}
	}

	/** {@code %}, {@code _} and {@code \} match themselves. */
	static String likeEscaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static Set<String> list(@Nullable String value, String field, Function<String, String> parse,
			String allowed, List<FieldViolation> errors) {
		Set<String> values = new LinkedHashSet<>();
		if (value == null) {
			return values;
		}
		for (String item : value.split(",", -1)) {
			String parsed = parse.apply(item.trim());
			if (parsed == null) {
				errors.add(new FieldViolation(field, "must be one or more of " + allowed + " (comma separated)"));
				return Set.of();
			}
			values.add(parsed);
		}
		return values;
	}

	@Nullable
	private static Instant time(@Nullable String value, String field, List<FieldViolation> errors) {
		if (value == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			errors.add(new FieldViolation(field, "must be an ISO-8601 time with an offset, such as 2026-01-31T12:00:00Z"));
			return null;
		}
	}

	@Nullable
	private static Long size(@Nullable String value, String field, List<FieldViolation> errors) {
		if (value == null) {
			return null;
		}
		try {
			long size = Long.parseLong(value);
			if (size >= 0) {
				return size;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		errors.add(new FieldViolation(field, "must be a whole number of bytes, 0 or more"));
		return null;
	}

	@Nullable
	static Boolean bool(@Nullable String value, String field, List<FieldViolation> errors) {
		if (value == null) {
			return null;
		}
		if ("true".equals(value)) {
			return true;
		}
		if ("false".equals(value)) {
			return false;
		}
		errors.add(new FieldViolation(field, "must be true or false"));
		return null;
	}

}
