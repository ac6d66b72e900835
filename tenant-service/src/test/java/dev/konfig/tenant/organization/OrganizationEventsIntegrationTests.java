package dev.konfig.tenant.organization;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The organization events other services act on (auth-service's status projection): their
 * types, the state they carry, that each commits with its change, and that creating an
 * organization commits before auth-service is asked for the owner.
 */
class OrganizationEventsIntegrationTests extends TenantIntegrationTest {

	@Autowired
	OrganizationStatusRepublication republication;

	@AfterEach
	void quietStub() {
		authService.duringGrant = body -> {
		};
	}

	@Test
	void publishesDeactivationAndActivationAsEventsOfTheirOwnInTheChangesTransaction() throws SQLException {
		String name = uniqueName("Switched");
		UUID organization = organization(name);
		String owner = userToken(UUID.randomUUID(), Map.of(organization, Role.OWNER));

		patch(owner, organization, Map.of("settings", Map.of("is_active", false))).expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("inactive").jsonPath("$.settings.is_active").isEqualTo(false);
		Map<String, Object> deactivated = last(organization);
		assertThat(committedTogether(organization, deactivated)).isTrue();
		patch(owner, organization, Map.of("settings", Map.of("is_active", true))).expectStatus().isOk();
		Map<String, Object> activated = last(organization);
		assertThat(committedTogether(organization, activated)).isTrue();

		List<Map<String, Object>> events = OutboxRows.forEntity("tenant", organization);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("organization.created", "organization.deactivated", "organization.activated");
		assertThat(data(events.get(0))).containsEntry("id", organization.toString())
			.containsEntry("name", name)
			.containsEntry("status", "active")
			.containsEntry("version", 1);
		assertThat(data(events.get(1))).containsEntry("status", "inactive").containsEntry("version", 2)
			.containsEntry("after", Map.of("settings", Map.of("is_active", false)));
		assertThat(data(events.get(2))).containsEntry("status", "active").containsEntry("version", 3);
	}

	@Test
	void carriesTheCurrentStatusAndNameInEveryUpdateAndDeletion() {
		UUID organization = organization(uniqueName("Renamed"));
		String owner = userToken(UUID.randomUUID(), Map.of(organization, Role.OWNER));
		patch(owner, organization, Map.of("settings", Map.of("is_active", false))).expectStatus().isOk();
		String renamed = uniqueName("Renamed again");
		patch(owner, organization, Map.of("name", renamed)).expectStatus().isOk();
		this.http.delete()
			.uri("/internal/organizations/{id}", organization)
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.exchange()
			.expectStatus().isNoContent();

		List<Map<String, Object>> events = OutboxRows.forEntity("tenant", organization);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("organization.created", "organization.deactivated", "organization.updated",
					"organization.deleted");
		assertThat(data(events.get(2))).containsEntry("name", renamed)
			.containsEntry("status", "inactive")
			.containsEntry("version", 3);
		assertThat(data(events.get(3))).containsEntry("id", organization.toString())
			.containsEntry("name", renamed)
			.containsEntry("status", "inactive")
			.containsEntry("version", 4)
			.containsEntry("reason", "registration_failed");
	}

	@Test
	void commitsANewOrganizationBeforeAskingAuthServiceForItsOwner() {
		UUID user = UUID.randomUUID();
		String name = uniqueName("Committed first");
		AtomicReference<Boolean> visibleDuringGrant = new AtomicReference<>();
		authService.duringGrant = body -> {
			if (body.contains(user.toString())) {
				// Another connection sees only committed rows.
				visibleDuringGrant.set(rowsNamed(name) == 1);
			}
		};
		this.http.post()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken(user, Map.of())))
			.bodyValue(Map.of("name", name))
			.exchange()
			.expectStatus().isCreated();
		assertThat(visibleDuringGrant.get()).isTrue();
	}

	@Test
	void removesTheCommittedOrganizationWhenTheOwnerCannotBeGranted() {
		UUID user = UUID.randomUUID();
		authService.refuseGrantsFor(user);
		String name = uniqueName("Compensated");
		AtomicReference<Boolean> visibleDuringGrant = new AtomicReference<>();
		authService.duringGrant = body -> {
			if (body.contains(user.toString())) {
				visibleDuringGrant.set(rowsNamed(name) == 1);
			}
		};
		this.http.post()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken(user, Map.of())))
			.bodyValue(Map.of("name", name))
			.exchange()
			.expectStatus().isEqualTo(503);
		assertThat(visibleDuringGrant.get()).isTrue();
		assertThat(rowsNamed(name)).isZero();
		// The name is free again.
		organization(name);
	}

	@Test
	void keepsStatusAndSettingsInStepWhenAPreviousReplicaWritesSettings() throws SQLException {
		UUID organization = organization(uniqueName("Old replica"));
		execute("UPDATE tenant.organizations SET settings = settings || '{\"is_active\": false}' WHERE id = ?",
				organization);
		assertThat(column(organization, "status")).isEqualTo("inactive");
		assertThat(column(organization, "version")).isEqualTo("2");
		execute("UPDATE tenant.organizations SET status = 'active' WHERE id = ?", organization);
		assertThat(column(organization, "settings->>'is_active'")).isEqualTo("true");
		assertThat(column(organization, "version")).isEqualTo("3");
	}

	@Test
	void republishesEveryOrganizationsStatusOnceForNewSubscribers() throws SQLException {
		UUID active = organization(uniqueName("Republished active"));
		UUID inactive = organization(uniqueName("Republished inactive"));
		String owner = userToken(UUID.randomUUID(), Map.of(inactive, Role.OWNER));
		patch(owner, inactive, Map.of("settings", Map.of("is_active", false))).expectStatus().isOk();
		execute("DELETE FROM tenant.event_republications WHERE name = ?", OrganizationStatusRepublication.NAME);

		assertThat(this.republication.republishOnce().block()).isPositive();
		assertThat(this.republication.republishOnce().blockOptional()).isEmpty();

		Map<String, Object> first = last(active);
		assertThat(first).containsEntry("event_type", "organization.activated")
			.containsEntry("actor", Map.of("id", "tenant-service", "type", "service"));
		assertThat(data(first)).containsEntry("status", "active").containsEntry("republished", true);
		Map<String, Object> second = last(inactive);
		assertThat(second).containsEntry("event_type", "organization.deactivated");
		assertThat(data(second)).containsEntry("status", "inactive").containsEntry("version", 2);
		assertThat(OutboxRows.forEntity("tenant", active)).hasSize(2);
	}

	@Test
	void republishesPageByPageWhenThereAreMoreOrganizationsThanOneStatementReads() throws SQLException {
		// More rows than one page and than a streamed result buffers: each page is read whole
		// before its events are written on the same connection.
		String prefix = uniqueName("Bulk");
		int count = OrganizationStatusRepublication.PAGE * 2 + 37;
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection.prepareStatement(
						"INSERT INTO tenant.organizations (id, name) SELECT gen_random_uuid(), ? || ' ' || n "
								+ "FROM generate_series(1, ?) AS n")) {
			statement.setString(1, prefix);
			statement.setInt(2, count);
			statement.executeUpdate();
		}
		try {
			execute("DELETE FROM tenant.event_republications WHERE name = ?", OrganizationStatusRepublication.NAME);
			long total = TestDatabase.get().number("SELECT count(*) FROM tenant.organizations");

			assertThat(this.republication.republishOnce().block(java.time.Duration.ofSeconds(60))).isEqualTo(total);
			assertThat(TestDatabase.get()
				.number("SELECT count(DISTINCT o.id) FROM tenant.organizations o JOIN tenant.outbox e "
						+ "ON e.organization_id = o.id AND (e.payload -> 'event_data' ->> 'republished') = 'true' "
						+ "WHERE o.name LIKE ?", prefix + " %")).isEqualTo(count);
		}
		finally {
			execute("DELETE FROM tenant.outbox WHERE organization_id IN "
					+ "(SELECT id FROM tenant.organizations WHERE name LIKE ?)", prefix + " %");
			execute("DELETE FROM tenant.organizations WHERE name LIKE ?", prefix + " %");
		}
	}

	private WebTestClient.ResponseSpec patch(String token, UUID organization, Map<String, Object> body) {
		return this.http.patch()
			.uri("/api/v1/organizations/{id}", organization)
			.headers(headers -> headers.setBearerAuth(token))
			.bodyValue(new LinkedHashMap<>(body))
			.exchange();
	}

	private static Map<String, Object> last(UUID organization) {
		List<Map<String, Object>> events = OutboxRows.forEntity("tenant", organization);
		return events.get(events.size() - 1);
	}

	/**
	 * The event's row and the organization's change were written by the same transaction: both
	 * carry that transaction's {@code now()} (its start time, to the microsecond).
	 */
	private static boolean committedTogether(UUID organization, Map<String, Object> event) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection.prepareStatement(
						"SELECT (SELECT updated_at FROM tenant.organizations WHERE id = ?) = "
								+ "(SELECT created_at FROM tenant.outbox WHERE id = ?)")) {
			statement.setObject(1, organization);
			statement.setObject(2, UUID.fromString((String) event.get("id")));
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

	private static int rowsNamed(String name) {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT count(*) FROM tenant.organizations WHERE name = ?")) {
			statement.setString(1, name);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void execute(String sql, Object parameter) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setObject(1, parameter);
			statement.executeUpdate();
		}
	}

	private static String column(UUID organization, String expression) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT " + expression + " FROM tenant.organizations WHERE id = ?")) {
			statement.setObject(1, organization);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getString(1);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(Map<String, Object> event) {
		return (Map<String, Object>) event.get("event_data");
	}

}
