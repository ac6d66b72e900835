package dev.konfig.platform.web;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The body of the suite's usage calls ({@code POST /internal/usage {organization_ids}}, asked by
 * tenant-service's organization stats): one field, an array of at most {@code max} distinct ids.
 */
public final class OrganizationIds {

	private OrganizationIds() {
	}

	/** The ids in the order sent, without repeats; a 400 for any other shape. */
	public static List<UUID> fromUsageBody(Map<String, Object> body, int max) {
		Object ids = body.get("organization_ids");
		if (!(ids instanceof Collection<?> values) || body.size() != 1) {
			throw invalid("must be the only field: an array of organization ids");
		}
		if (values.size() > max) {
			throw invalid("must name at most " + max + " organizations");
		}
		Set<UUID> unique = new LinkedHashSet<>();
		for (Object value : values) {
			try {
				unique.add(UUID.fromString(Objects.toString(value)));
			}
			catch (IllegalArgumentException ex) {
				throw invalid("'" + value + "' is not an organization id");
			}
		}
		return List.copyOf(unique);
	}

	private static BadRequestException invalid(String message) {
		return new BadRequestException("organization_ids " + message,
				List.of(new FieldViolation("organization_ids", message)));
	}

}
