package dev.konfig.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** The projection of organization status: seeded at registration, moved forward by events only. */
class OrganizationStatusIntegrationTests extends AuthIntegrationTest {

	@Test
	void knowsARegisteredOrganizationAtOnceWithoutAnyEvent() throws SQLException {
		String name = uniqueName("Seeded");
		UUID organization = UUID.fromString((String) register(uniqueEmail(), name).get("tenant_id"));
		assertThat(row(organization)).containsEntry("name", name)
			.containsEntry("active", "t")
			.containsEntry("deleted", "f")
			.containsEntry("version", null);
	}

	@Test
	void takesTheNameAndStatusOfEveryNewerEvent() throws SQLException {
		Map<String, Object> registered = registerOwner();
		UUID organization = UUID.fromString((String) registered.get("tenant_id"));
		apply(OrganizationEvents.created(organization, (String) registered.get("tenant_name"), 1));
		apply(OrganizationEvents.event(organization, "organization.updated", "Renamed " + organization, "active", 2));
		assertThat(row(organization)).containsEntry("name", "Renamed " + organization).containsEntry("version", "2");

		String email = (String) user(registered).get("email");
		login(email, PASSWORD).expectStatus().isOk().expectBody().jsonPath("$.tenant_name")
			.isEqualTo("Renamed " + organization);
	}

	@Test
	void keepsAnEventThatArrivedBeforeTheRegistrationCommitted() {
		tenant.beforeCreate = body -> {
			if (body.get("name").toString().startsWith("Early ")) {
				apply(OrganizationEvents.deactivated(UUID.fromString((String) body.get("id")), 2));
			}
		};
		try {
			String email = uniqueEmail();
			this.http.post()
				.uri("/api/v1/auth/register")
				.bodyValue(Map.of("tenant_name", uniqueName("Early"), "email", email, "password", PASSWORD,
						"full_name", "Early Bird"))
				.exchange()
				.expectStatus()
				.isCreated();
			login(email, PASSWORD).expectStatus().isForbidden();
		}
		finally {
			tenant.beforeCreate = body -> {
			};
		}
	}

	@Test
	void treatsADeletionFromAnOlderTenantServiceAsFinal() throws SQLException {
		Map<String, Object> registered = registerOwner();
		UUID organization = UUID.fromString((String) registered.get("tenant_id"));
		// Written before organizations had a status and a version: only its type says something.
		apply(new AuditEvent(UUID.randomUUID(), organization, Instant.now(), "organization.deleted", "organization",
				organization.toString(), null, null, null, null, AuditEvent.SUCCESS,
				new LinkedHashMap<>(Map.of("name", "Old"))));
		apply(OrganizationEvents.activated(organization, 7));
		assertThat(row(organization)).containsEntry("deleted", "t");
		// Its only member went with it (purged), so the login knows the email no more.
		login((String) user(registered).get("email"), PASSWORD).expectStatus().isUnauthorized();
	}

	@Test
	void ignoresAnOrganizationEventWithoutAStatus() throws SQLException {
		Map<String, Object> registered = registerOwner();
		UUID organization = UUID.fromString((String) registered.get("tenant_id"));
		apply(new AuditEvent(UUID.randomUUID(), organization, Instant.now(), "organization.updated", "organization",
				organization.toString(), null, null, null, null, AuditEvent.SUCCESS,
				Map.of("before", Map.of("settings", Map.of("is_active", true)), "after",
						Map.of("settings", Map.of("is_active", false)))));
		assertThat(row(organization)).containsEntry("active", "t").containsEntry("version", null);
	}

	private static Map<String, String> row(UUID organization) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement query = connection.prepareStatement(
						"select name, active, deleted, version from auth.organization_status where organization_id = ?")) {
			query.setObject(1, organization);
			try (ResultSet row = query.executeQuery()) {
				assertThat(row.next()).isTrue();
				Map<String, String> values = new LinkedHashMap<>();
				for (String column : new String[] { "name", "active", "deleted", "version" }) {
					values.put(column, row.getString(column));
				}
				return values;
			}
		}
	}

}
