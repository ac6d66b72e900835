package dev.konfig.auth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.konfig.platform.outbox.AuditEvent;

/** tenant-service's organization events as they reach auth-service, for a given version. */
final class OrganizationEvents {

	private OrganizationEvents() {
	}

	static AuditEvent created(UUID organization, String name, long version) {
		return event(organization, "organization.created", name, "active", version);
	}

	static AuditEvent activated(UUID organization, long version) {
		return event(organization, "organization.activated", null, "active", version);
	}

	static AuditEvent deactivated(UUID organization, long version) {
		return event(organization, "organization.deactivated", null, "inactive", version);
	}

	static AuditEvent deleted(UUID organization, long version) {
		return event(organization, "organization.deleted", null, "active", version);
	}

	static AuditEvent event(UUID organization, String type, String name, String status, long version) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", organization.toString());
		data.put("name", name != null ? name : "Organization " + organization);
		data.put("status", status);
		data.put("version", version);
		return new AuditEvent(UUID.randomUUID(), organization, Instant.now(), type, "organization",
				organization.toString(), new AuditEvent.Actor("tenant-service", "service"), null, null, null,
				AuditEvent.SUCCESS, data);
	}

}
