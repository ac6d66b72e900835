package dev.konfig.file.file;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a file is in its life (FS-9); only the service changes it. */
public enum FileStatus {

	UPLOADING, READY, PROCESSING, FAILED, ARCHIVED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<FileStatus> parse(String value) {
		if (value == null) {
			return Optional.empty();
		}
		return Arrays.stream(values()).filter(status -> status.value().equals(value)).findFirst();
	}

	public static String listed() {
		return Arrays.stream(values()).map(FileStatus::value).collect(Collectors.joining(", "));
	}

}
