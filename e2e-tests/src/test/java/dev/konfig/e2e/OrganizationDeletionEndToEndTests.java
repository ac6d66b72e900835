package dev.konfig.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.e2e.Accounts.ApiKey;
import dev.konfig.e2e.Accounts.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting an organization through the gateway, by its owner and by a platform administrator:
 * every service forgets it through the event backbone within seconds (config-service its
 * namespaces, auth-service its API keys, memberships and the users left with none), while its
 * audit trail stays readable to the platform administrator.
 */
class OrganizationDeletionEndToEndTests {

	/** Event delivery is immediate (NOTIFY); the bound leaves room for a busy machine. */
	private static final Duration DELIVERY = Duration.ofSeconds(15);

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	@Test
	void anOwnersDeletionIsForgottenEverywhereAndItsTrailStaysForThePlatformAdmin() throws Exception {
		Session owner = Accounts.registerOrganization();
		String name = owner.tokens().tenantName();
		String namespace = namespaceWithConfig(owner);
		ApiKey key = Accounts.createApiKey(owner, "read");
		String memberEmail = invitedMember(owner);
		Accounts.call(owner.accessToken(), HttpMethod.POST, "/api/v1/organizations/" + owner.organizationId() + "/shops",
				Map.of("name", "Doomed shop", "platform", "etsy"))
			.expectStatus()
			.isCreated();
		assertThat(Accounts.namespacesStatus(key)).isEqualTo(HttpStatus.OK);
		assertThat(Accounts.loginStatus(memberEmail)).isEqualTo(HttpStatus.OK);

		// A wrong or missing confirm deletes nothing.
		delete(owner.accessToken(), "/api/v1/organizations/{id}", owner, name.toUpperCase()).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("confirm");
		delete(owner.accessToken(), "/api/v1/organizations/{id}", owner, null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("confirm");
		assertThat(Accounts.loginStatus(owner.email())).isEqualTo(HttpStatus.OK);
		assertThat(namespaceStatus(owner, namespace)).isEqualTo(200);

		delete(owner.accessToken(), "/api/v1/organizations/{id}", owner, name).expectStatus().isNoContent();

		assertThat(Accounts.eventually(() -> HttpStatus.valueOf(namespaceStatus(owner, namespace)),
				HttpStatus.NOT_FOUND, DELIVERY))
			.as("the deleted organization's namespace at config-service").isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(Accounts.eventually(() -> Accounts.namespacesStatus(key), HttpStatus.UNAUTHORIZED,
				DELIVERY.plus(Suite.API_KEY_CACHE_TTL)))
			.as("the deleted organization's API key").isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(Accounts.eventually(() -> Accounts.loginStatus(owner.email()), HttpStatus.UNAUTHORIZED, DELIVERY))
			.as("the owner's login").isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(Accounts.loginStatus(memberEmail)).as("the member's login").isEqualTo(HttpStatus.UNAUTHORIZED);

		// The trail stays, read by the platform admin only through the admin system log.
		String admin = Accounts.platformAdminToken();
		List<Map<String, Object>> trail = trailWith(admin, owner.organizationId(),
				List.of("auth.registered", "organization.deleted", "memberships.purged", "namespaces.purged"));
		assertThat(data(trail, "organization.deleted")).containsEntry("name", name)
			.containsEntry("reason", "deleted_by_owner")
			.containsEntry("shops_deleted", 1);
		assertThat(data(trail, "memberships.purged")).containsEntry("memberships", 2)
			.containsEntry("users", 2)
			.containsEntry("api_keys", 1);
		assertThat(data(trail, "namespaces.purged")).containsEntry("namespaces", 1).containsEntry("configs", 1);
		Accounts.call(admin, HttpMethod.GET, "/api/v1/admin/organizations/" + owner.organizationId(), null)
			.expectStatus()
			.isNotFound();
	}

	@Test
	@SuppressWarnings("unchecked")
	void aPlatformAdminDeletesAnotherOrganization() throws Exception {
		String admin = Accounts.platformAdminToken();
		Session victim = Accounts.registerOrganization();
		String name = victim.tokens().tenantName();
		String namespace = namespaceWithConfig(victim);
		ApiKey key = Accounts.createApiKey(victim, "read");
		String path = "/api/v1/admin/organizations/{id}";

		delete(victim.accessToken(), path, victim, name).expectStatus().isForbidden();
		delete(admin, path, victim, name + " ").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("confirm");
		Accounts.call(admin, HttpMethod.GET, "/api/v1/admin/organizations/" + victim.organizationId(), null)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.member_count").isEqualTo(1)
			.jsonPath("$.shop_count").isEqualTo(0)
			.jsonPath("$.members.by_role.owner").isEqualTo(1)
			.jsonPath("$.shops.total").isEqualTo(0);

		delete(admin, path, victim, name).expectStatus().isNoContent();
		delete(admin, path, victim, name).expectStatus().isNotFound();

		assertThat(Accounts.eventually(() -> HttpStatus.valueOf(namespaceStatus(victim, namespace)),
				HttpStatus.NOT_FOUND, DELIVERY))
			.as("the deleted organization's namespace at config-service").isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(Accounts.eventually(() -> Accounts.namespacesStatus(key), HttpStatus.UNAUTHORIZED,
				DELIVERY.plus(Suite.API_KEY_CACHE_TTL)))
			.as("the deleted organization's API key").isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(Accounts.eventually(() -> Accounts.loginStatus(victim.email()), HttpStatus.UNAUTHORIZED, DELIVERY))
			.as("the owner's login").isEqualTo(HttpStatus.UNAUTHORIZED);

		List<Map<String, Object>> trail = trailWith(admin, victim.organizationId(),
				List.of("organization.deleted", "memberships.purged", "namespaces.purged"));
		Map<String, Object> deleted = event(trail, "organization.deleted");
		assertThat((Map<String, Object>) deleted.get("actor")).containsEntry("id", Accounts.claims(admin).get("sub"));
		assertThat(data(trail, "organization.deleted")).containsEntry("via", "admin")
			.containsEntry("reason", "deleted_by_admin")
			.containsEntry("shops_deleted", 0);
	}

	/** A namespace with one config in the owner's organization; answers its name. */
	private static String namespaceWithConfig(Session owner) {
		String namespace = "doomed-" + UUID.randomUUID().toString().substring(0, 8);
		Accounts.call(owner.accessToken(), HttpMethod.POST, "/api/v1/namespaces", Map.of("name", namespace))
			.expectStatus()
			.isCreated();
		Accounts.call(owner.accessToken(), HttpMethod.POST, "/api/v1/namespaces/" + namespace + "/configs",
				Map.of("key", "colour", "value", "blue", "value_type", "string"))
			.expectStatus()
			.isCreated();
		return namespace;
	}

	/** A new person invited into the owner's organization who accepted; answers the email. */
	private static String invitedMember(Session owner) {
		String email = "member-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		String token = Accounts.invite(owner.accessToken(),
				"/api/v1/organizations/" + owner.organizationId() + "/invitations", email, "member");
		Accounts.gateway()
			.post()
			.uri("/api/v1/invitations/accept")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("token", token, "full_name", "Invited Member", "password", Accounts.PASSWORD))
			.exchange()
			.expectStatus()
			.isCreated();
		return email;
	}

	private static WebTestClient.ResponseSpec delete(String token, String path, Session organization, String confirm) {
		return Accounts.gateway()
			.delete()
			.uri(builder -> {
				builder.path(path);
				if (confirm != null) {
					builder.queryParam("confirm", "{confirm}");
				}
				return builder.build(Map.of("id", organization.organizationId(), "confirm",
						(confirm == null) ? "" : confirm));
			})
			.headers(headers -> headers.setBearerAuth(token))
			.exchange();
	}

	/**
	 * A namespace as config-service answers it directly: past the gateway, the owner's access
	 * token stays valid for its lifetime, so a 404 means the rows are gone, not the caller refused.
	 */
	private static int namespaceStatus(Session owner, String namespace) {
		return Accounts.direct("config-service")
			.get()
			.uri("/api/v1/namespaces/" + namespace)
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
	}

	/** The organization's trail in the admin system log, once it holds events of all these types. */
	private static List<Map<String, Object>> trailWith(String admin, UUID organization, List<String> types)
			throws InterruptedException {
		Instant deadline = Instant.now().plus(DELIVERY);
		List<Map<String, Object>> trail = List.of();
		while (Instant.now().isBefore(deadline)) {
			trail = Accounts.call(admin, HttpMethod.GET,
					"/api/v1/admin/events?limit=200&organization_id=" + organization, null)
				.expectStatus()
				.isOk()
				.expectBody(LIST)
				.returnResult()
				.getResponseBody();
			List<Object> seen = trail.stream().map(event -> event.get("event_type")).toList();
			if (seen.containsAll(types)) {
				return trail;
			}
			Thread.sleep(200);
		}
		assertThat(trail).extracting(event -> event.get("event_type")).containsAll(List.copyOf(types));
		return trail;
	}

	private static Map<String, Object> event(List<Map<String, Object>> trail, String type) {
		Optional<Map<String, Object>> found = trail.stream()
			.filter(event -> type.equals(event.get("event_type")))
			.findFirst();
		assertThat(found).as(type).isPresent();
		return found.get();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(List<Map<String, Object>> trail, String type) {
		return (Map<String, Object>) event(trail, type).get("event_data");
	}

}
