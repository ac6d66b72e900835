package dev.konfig.config.watch;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code ?wait=}: a number with {@code ms}, {@code s} or {@code m} (seconds when bare). */
final class WaitDuration {

	private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m)?");

	private WaitDuration() {
	}

	static Duration parse(String wait, Duration max) {
		Matcher matcher = FORMAT.matcher(wait.trim());
		if (!matcher.matches()) {
			throw new InvalidWatchRequestException("wait", "must look like 30s, 1500ms or 1m");
		}
		long amount = Long.parseLong(matcher.group(1));
		String unit = matcher.group(2) == null ? "s" : matcher.group(2);
		Duration duration = switch (unit) {
			case "ms" -> Duration.ofMillis(amount);
			case "m" -> Duration.ofMinutes(amount);
			default -> Duration.ofSeconds(amount);
		};
		return duration.compareTo(max) > 0 ? max : duration;
	}

}
