package dev.konfig.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The hash of one chain link: SHA-256 (hex) over a canonical form of the event's fields, its
 * sequence, and the previous event's hash. Each field is written length-prefixed
 * ({@code 5:hello}) and a null as {@code ~}, so no choice of values can make two different
 * events share a canonical form. {@code event_data} enters as PostgreSQL's {@code jsonb} text,
 * which is the same for equal documents whatever spacing or key order they arrived in.
 */
public final class ChainHash {

	/** The "previous hash" of an organization's first event. */
	public static final String GENESIS = "0".repeat(64);

	private static final String VERSION = "konfig-audit-v1";

	private ChainHash() {
	}

	public static String of(UUID id, UUID organizationId, long sequence, Instant occurredAt, String eventType,
			String entityType, String entityId, String actorId, String actorType, String ipAddress, String userAgent,
			String requestId, String outcome, String eventDataJsonb, String previousHash) {
		StringBuilder canonical = new StringBuilder(VERSION);
		for (Object field : new Object[] { id, organizationId, sequence, occurredAt, eventType, entityType, entityId,
				actorId, actorType, ipAddress, userAgent, requestId, outcome, eventDataJsonb, previousHash }) {
			canonical.append('|');
			if (field == null) {
				canonical.append('~');
			}
			else {
				String value = field.toString();
				canonical.append(value.length()).append(':').append(value);
			}
		}
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256")
					.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

	static String of(NewEvent event, long sequence, String eventDataJsonb, String previousHash) {
		return of(event.id(), event.organizationId(), sequence, event.occurredAt(), event.eventType(),
				event.entityType(), event.entityId(), event.actorId(), event.actorType(), event.ipAddress(),
				event.userAgent(), event.requestId(), event.outcome(), eventDataJsonb, previousHash);
	}

}
