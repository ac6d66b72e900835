package dev.konfig.auth.user;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code auth.users}. */
public record UserRecord(UUID id, String email, String passwordHash, String fullName, Instant createdAt,
		Instant updatedAt) {
}
