package dev.konfig.file.file;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a file is for (the origin's enum); fixed when the file is uploaded. */
public enum FileType {

	ORIGINAL, DESIGN, MOCKUP, PRINT_FILE, WATERMARK, TEMPLATE, EXPORT, OTHER;

	/** The name in JSON, queries and the database. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<FileType> parse(String value) {
		if (value == null) {
			return Optional.empty();
		}
		return Arrays.stream(values()).filter(type -> type.value().equals(value)).findFirst();
	}

	/** The values a client may send, for messages. */
	public static String listed() {
		return Arrays.stream(values()).map(FileType::value).collect(Collectors.joining(", "));
	}

}
