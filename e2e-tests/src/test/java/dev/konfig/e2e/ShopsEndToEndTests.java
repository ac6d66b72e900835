package dev.konfig.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.e2e.Accounts.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shops, statistics and deletion through the gateway: an owner's shops, refused to a member's
 * change and invisible to another organization, counted in the organization's statistics; the
 * organization deleted with its exact name, after which config-service forgets its namespaces
 * through the event backbone within seconds.
 */
class ShopsEndToEndTests {

	/** Event delivery is immediate (NOTIFY); the bound leaves room for a busy machine. */
	private static final Duration DELIVERY = Duration.ofSeconds(15);

	@Test
	void anOwnersShopsStatsAndDeletion() throws Exception {
		Session owner = Accounts.registerOrganization();
		Session stranger = Accounts.registerOrganization();
		String shops = "/api/v1/organizations/" + owner.organizationId() + "/shops";

		String etsy = id(call(owner.accessToken(), HttpMethod.POST, shops,
				Map.of("name", "Nook Transfers", "platform", "etsy", "platform_shop_id", "12345678", "credentials",
						Map.of("access_token", "etsy-secret-token")))
			.expectStatus().isCreated()
			.expectHeader().valueEquals("ETag", "\"1\""));
		call(owner.accessToken(), HttpMethod.POST, "/api/organizations/" + owner.organizationId() + "/shops",
				Map.of("name", "Nook on Shopify", "platform", "shopify", "platform_shop_id", "nook"))
			.expectStatus().isCreated();
		call(owner.accessToken(), HttpMethod.POST, shops,
				Map.of("name", "Copy", "platform", "etsy", "platform_shop_id", "12345678"))
			.expectStatus().isEqualTo(409)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("platform_shop_id");
		String listed = call(owner.accessToken(), HttpMethod.GET, shops, null).expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(listed).contains("Nook Transfers", "Nook on Shopify").doesNotContain("etsy-secret-token");

		Session member = addMember(owner);
		call(member.accessToken(), HttpMethod.GET, shops + "/" + etsy, null).expectStatus().isOk();
		call(member.accessToken(), HttpMethod.PATCH, shops + "/" + etsy, Map.of("name", "Mine now"))
			.expectStatus().isForbidden();

		call(stranger.accessToken(), HttpMethod.GET, shops + "/" + etsy, null).expectStatus().isNotFound();
		call(stranger.accessToken(), HttpMethod.GET,
				"/api/v1/organizations/" + stranger.organizationId() + "/shops/" + etsy, null)
			.expectStatus().isNotFound();

		call(member.accessToken(), HttpMethod.GET, "/api/v1/organizations/" + owner.organizationId() + "/stats", null)
			.expectStatus().isOk()
			.expectHeader().valueEquals("Cache-Control", "private, max-age=10")
			.expectBody()
			.jsonPath("$.shops.total").isEqualTo(2)
			.jsonPath("$.shops.by_platform.etsy").isEqualTo(1)
			.jsonPath("$.shops.by_platform.shopify").isEqualTo(1)
			// Every peer is part of the deployment and answers.
			.jsonPath("$.files.total_files").isEqualTo(0)
			.jsonPath("$.printers.total").isEqualTo(0)
			.jsonPath("$.unavailable").isEmpty();

		String namespace = "doomed-" + UUID.randomUUID().toString().substring(0, 8);
		call(owner.accessToken(), HttpMethod.POST, "/api/v1/namespaces", Map.of("name", namespace))
			.expectStatus().isCreated();
		call(owner.accessToken(), HttpMethod.POST, "/api/v1/namespaces/" + namespace + "/configs",
				Map.of("key", "colour", "value", "blue", "value_type", "string"))
			.expectStatus().isCreated();
		String bystanderNamespace = "kept-" + UUID.randomUUID().toString().substring(0, 8);
		call(stranger.accessToken(), HttpMethod.POST, "/api/v1/namespaces", Map.of("name", bystanderNamespace))
			.expectStatus().isCreated();

		String name = organizationName(owner);
		delete(member, owner, name).expectStatus().isForbidden();
		delete(owner, owner, name + " (typo)").expectStatus()
			.isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("confirm");
		delete(owner, owner, name).expectStatus().isNoContent();

		// config-service forgets the organization from tenant-service's organization.deleted. Asked
		// directly: the owner's token stays a valid token for its lifetime; the rows are what is gone.
		WebTestClient config = Accounts.direct("config-service");
		Instant deadline = Instant.now().plus(DELIVERY);
		int status = namespaceStatus(config, owner, namespace);
		while (status != 404 && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
			status = namespaceStatus(config, owner, namespace);
		}
		assertThat(status).as("the deleted organization's namespace at config-service").isEqualTo(404);
		assertThat(namespaceStatus(config, stranger, bystanderNamespace)).isEqualTo(200);
		call(stranger.accessToken(), HttpMethod.GET, shops, null).expectStatus().isNotFound();
	}

	private static WebTestClient.ResponseSpec delete(Session caller, Session owner, String confirm) {
		return Accounts.gateway()
			.delete()
			.uri("/api/v1/organizations/{id}?confirm={confirm}", owner.organizationId(), confirm)
			.headers(headers -> headers.setBearerAuth(caller.accessToken()))
			.exchange();
	}

	private static String organizationName(Session owner) {
		return String.valueOf(call(owner.accessToken(), HttpMethod.GET, "/api/v1/organizations/" + owner.organizationId(),
				null)
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("name"));
	}

	private static int namespaceStatus(WebTestClient config, Session session, String namespace) {
		return config.get()
			.uri("/api/v1/namespaces/" + namespace)
			.headers(headers -> headers.setBearerAuth(session.accessToken()))
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
	}

	/** A member of the owner's organization, logged in. */
	private static Session addMember(Session owner) {
		String email = "member-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		call(owner.accessToken(), HttpMethod.POST, "/api/v1/users",
				Map.of("email", email, "password", Accounts.PASSWORD, "full_name", "Some Member", "role", "member"))
			.expectStatus().isCreated();
		return new Session(email, Accounts.login(email, Accounts.PASSWORD));
	}

	private static String id(WebTestClient.ResponseSpec created) {
		return String.valueOf(created.expectBody(Map.class).returnResult().getResponseBody().get("id"));
	}

	private static WebTestClient.ResponseSpec call(String token, HttpMethod method, String path, Object body) {
		WebTestClient.RequestBodySpec request = Accounts.gateway()
			.method(method)
			.uri(path)
			.headers(headers -> headers.setBearerAuth(token));
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
				: request.exchange();
	}

}
