package dev.konfig.auth.user;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code auth.users}; {@code lastLoginAt} is {@code null} until the first login. */
public record UserRecord(UUID id, String email, String passwordHash, String fullName, Instant createdAt,
		Instant updatedAt, Instant lastLoginAt) {

	/** A user about to be inserted (the database sets the times). */
	public static UserRecord of(UUID id, String email, String passwordHash, String fullName) {
		return new UserRecord(id, email, passwordHash, fullName, null, null, null);
	}

}
