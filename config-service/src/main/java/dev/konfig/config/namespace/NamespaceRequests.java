package dev.konfig.config.namespace;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The bodies of namespace writes. */
final class NamespaceRequests {

	static final String NAME_PATTERN = "^[a-zA-Z0-9_-]+$";

	private NamespaceRequests() {
	}

	record Create(@NotNull @Size(min = 1, max = 255) @Pattern(regexp = NAME_PATTERN,
			message = "may contain only letters, digits, '_' and '-'") String name,
			@Size(max = 10_000) String description, Boolean requireIfMatch) {

		boolean strict() {
			return Boolean.TRUE.equals(this.requireIfMatch);
		}

	}

	/** Fields left out (null) stay as they are. */
	record Update(@Size(min = 1, max = 255) @Pattern(regexp = NAME_PATTERN,
			message = "may contain only letters, digits, '_' and '-'") String name,
			@Size(max = 10_000) String description, Boolean requireIfMatch) {
	}

}
