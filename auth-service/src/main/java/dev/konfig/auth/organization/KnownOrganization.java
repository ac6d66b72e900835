package dev.konfig.auth.organization;

import java.util.UUID;

import org.springframework.lang.Nullable;

/**
 * An organization as auth-service's projection knows it.
 *
 * @param id its id
 * @param name its name; {@code null} until an event or the registration told it
 * @param active whether tenant-service last said it is active
 * @param deleted whether tenant-service deleted it (final)
 */
public record KnownOrganization(UUID id, @Nullable String name, boolean active, boolean deleted) {

	/**
	 * An organization the projection has not heard of: every organization gets a membership only
	 * through auth-service (registration, or tenant-service granting its creator ownership right
	 * after creating it), so one without a row is a live organization whose first event is still
	 * on its way, or one that existed before the projection did.
	 */
	static KnownOrganization unknown(UUID id) {
		return new KnownOrganization(id, null, true, false);
	}

	/** Its members may log in and its API keys may be exchanged. */
	public boolean usable() {
		return this.active && !this.deleted;
	}

}
