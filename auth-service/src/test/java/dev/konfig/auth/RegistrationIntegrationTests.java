package dev.konfig.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationIntegrationTests extends AuthIntegrationTest {

	@AfterEach
	void resetStub() {
		tenant.beforeCreate = body -> {
		};
	}

	@Test
	void registersOrganizationAndOwner() {
		String email = uniqueEmail();
		String organization = uniqueName("Acme");
		Map<String, Object> response = register(email, organization);

		assertThat(response.get("token_type")).isEqualTo("bearer");
		assertThat(response.get("expires_in")).isEqualTo(900);
		assertThat((String) response.get("access_token")).contains(".");
		assertThat((String) response.get("refresh_token")).hasSizeGreaterThanOrEqualTo(43);
		assertThat(response.get("tenant_name")).isEqualTo(organization);
		UUID organizationId = UUID.fromString((String) response.get("tenant_id"));
		assertThat(tenant.organizations).containsKey(organizationId);
		assertThat(tenant.called("POST", organizationId)).isTrue();
		Map<String, Object> user = user(response);
		assertThat(user).containsEntry("email", email)
			.containsEntry("full_name", "Owner Person")
			.containsEntry("role", "owner")
			.containsEntry("is_active", true)
			.containsEntry("organization_id", organizationId.toString())
			.containsKeys("id", "created_at", "updated_at");

		this.http.get()
			.uri("/api/v1/auth/me")
			.headers(headers -> headers.setBearerAuth((String) response.get("access_token")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.email").isEqualTo(email)
			.jsonPath("$.role").isEqualTo("owner")
			.jsonPath("$.memberships[0].organization_id").isEqualTo(organizationId.toString());
	}

	@Test
	void rejectsDuplicateEmail() {
		String email = uniqueEmail();
		register(email, uniqueName("First"));
		String second = uniqueName("Second");

		this.http.post()
			.uri("/api/v1/auth/register")
			.bodyValue(Map.of("tenant_name", second, "email", email.toUpperCase(), "password", PASSWORD,
					"full_name", "Someone Else"))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType("application/problem+json");
		assertThat(tenant.idOf(second)).isNull();
	}

	@Test
	void passesOnDuplicateOrganizationNameAndLeavesNothing() throws SQLException {
		String name = uniqueName("Taken");
		register(uniqueEmail(), name);
		String email = uniqueEmail();

		this.http.post()
			.uri("/api/v1/auth/register")
			.bodyValue(Map.of("tenant_name", name, "email", email, "password", PASSWORD, "full_name", "Late Comer"))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType("application/problem+json");
		assertThat(usersWithEmail(email)).isZero();
	}

	@Test
	void deletesTheOrganizationWhenTheLocalInsertFails() throws SQLException {
		String email = uniqueEmail();
		String name = uniqueName("Raced");
		// Another registration takes the email while tenant-service creates the organization.
		tenant.beforeCreate = body -> insertUserDirectly(email);

		this.http.post()
			.uri("/api/v1/auth/register")
			.bodyValue(Map.of("tenant_name", name, "email", email, "password", PASSWORD, "full_name", "Unlucky"))
			.exchange()
			.expectStatus()
			.isEqualTo(409);

		UUID created = tenant.calls.stream()
			.filter(call -> call.startsWith("POST ") && call.endsWith(name))
			.map(call -> UUID.fromString(call.split(" ")[1]))
			.findFirst()
			.orElseThrow();
		assertThat(tenant.called("DELETE", created)).isTrue();
		assertThat(tenant.organizations).doesNotContainKey(created);
		assertThat(membershipsOf(created)).isZero();
	}

	@Test
	void rejectsInvalidBodyWithProblem() {
		this.http.post()
			.uri("/api/v1/auth/register")
			.bodyValue(Map.of("tenant_name", "x", "email", "not-an-email", "password", "short", "full_name", "A"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.length()").isEqualTo(2);
	}

	static void insertUserDirectly(String email) {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement insert = connection.prepareStatement(
						"insert into auth.users (id, email, password_hash, full_name) values (?, ?, 'x', 'Racer')")) {
			insert.setObject(1, UUID.randomUUID());
			insert.setString(2, email);
			insert.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static long usersWithEmail(String email) throws SQLException {
		return count("select count(*) from auth.users where lower(email) = lower(?)", email);
	}

	static long membershipsOf(UUID organization) throws SQLException {
		return count("select count(*) from auth.memberships where organization_id = ?", organization);
	}

	static long count(String sql, Object parameter) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement query = connection.prepareStatement(sql)) {
			query.setObject(1, parameter);
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

}
