package dev.konfig.tenant.organization;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class InternalOrganizationIntegrationTests extends TenantIntegrationTest {

	@Test
	void createsOrganizationWithTheCallersId() {
		UUID id = UUID.randomUUID();
		String name = uniqueName("Acme");
		this.http.post()
			.uri("/internal/organizations")
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.bodyValue(Map.of("id", id, "name", "  " + name + "  ", "description", "Prints transfers"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.id").isEqualTo(id.toString())
			.jsonPath("$.name").isEqualTo(name)
			.jsonPath("$.description").isEqualTo("Prints transfers")
			.jsonPath("$.settings.is_active").isEqualTo(true)
			.jsonPath("$.created_at").isNotEmpty()
			.jsonPath("$.updated_at").isNotEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void importsAnOrganizationWithItsStatusAndCreationTimeAndSaysWhereItCameFrom() {
		UUID id = UUID.randomUUID();
		Map<String, Object> body = Map.of("id", id, "name", uniqueName("Legacy"), "imported_from", "konfig", "is_active",
				false, "created_at", "2025-03-01T09:00:00Z");
		this.http.post()
			.uri("/internal/organizations")
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.settings.is_active").isEqualTo(false)
			.jsonPath("$.created_at").isEqualTo("2025-03-01T09:00:00Z");

		Map<String, Object> event = OutboxRows.forEntity("tenant", id).get(0);
		assertThat(event.get("event_type")).isEqualTo("organization.created");
		assertThat((Map<String, Object>) event.get("event_data")).containsEntry("imported_from", "konfig")
			.containsEntry("status", "inactive");
	}

	@Test
	void aDryRunAnswersAsTheCreateWouldAndWritesNothing() {
		UUID id = UUID.randomUUID();
		this.http.post()
			.uri("/internal/organizations?dry_run=true")
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.bodyValue(Map.of("id", id, "name", uniqueName("Dry"), "imported_from", "konfig"))
			.exchange()
			.expectStatus()
			.isCreated();

		assertThat(TestDatabase.get().number("SELECT count(*) FROM tenant.organizations WHERE id = ?", id)).isZero();
		assertThat(OutboxRows.forEntity("tenant", id)).isEmpty();
	}

	@Test
	void answersTheExistingOrganizationToARetriedCreate() {
		UUID id = UUID.randomUUID();
		String name = uniqueName("Retry");
		String first = create(id, name).expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
		String second = create(id, name).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(second).isEqualTo(first);
	}

	@Test
	void rejectsATakenNameWhateverItsCase() {
		String name = uniqueName("Taken");
		create(UUID.randomUUID(), name).expectStatus().isCreated();
		create(UUID.randomUUID(), name.toUpperCase())
			.expectStatus().isEqualTo(409)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(409)
			.jsonPath("$.errors[0].field").isEqualTo("name");
	}

	@Test
	void rejectsAKnownIdWithAnotherName() {
		UUID id = UUID.randomUUID();
		create(id, uniqueName("First")).expectStatus().isCreated();
		create(id, uniqueName("Second")).expectStatus().isEqualTo(409);
	}

	@Test
	void rejectsABlankName() {
		create(UUID.randomUUID(), "   ").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("name");
	}

	@Test
	void readsAnOrganizationOrAnswersNotFound() {
		String name = uniqueName("Readable");
		UUID id = organization(name);
		this.http.get()
			.uri("/internal/organizations/{id}", id)
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.name").isEqualTo(name);
		this.http.get()
			.uri("/internal/organizations/{id}", UUID.randomUUID())
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void deletesAnOrganizationAndToleratesDeletingItAgain() {
		UUID id = organization(uniqueName("Doomed"));
		for (int attempt = 0; attempt < 2; attempt++) {
			this.http.delete()
				.uri("/internal/organizations/{id}", id)
				.headers(headers -> headers.setBearerAuth(serviceToken()))
				.exchange()
				.expectStatus().isNoContent();
		}
		this.http.get()
			.uri("/internal/organizations/{id}", id)
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void refusesUserTokens() {
		UUID organization = organization(uniqueName("Guarded"));
		String owner = userToken(UUID.randomUUID(), Map.of(organization, Role.OWNER));
		this.http.get()
			.uri("/internal/organizations/{id}", organization)
			.headers(headers -> headers.setBearerAuth(owner))
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		this.http.post()
			.uri("/internal/organizations")
			.headers(headers -> headers.setBearerAuth(owner))
			.bodyValue(Map.of("name", uniqueName("Sneaky")))
			.exchange()
			.expectStatus().isForbidden();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec create(UUID id, String name) {
		return this.http.post()
			.uri("/internal/organizations")
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.bodyValue(Map.of("id", id, "name", name))
			.exchange();
	}

}
