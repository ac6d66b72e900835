package dev.konfig.tenant.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.Links;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.tenant.organization.TenantIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Shops over real HTTP on the real PostgreSQL (spec §2 and its §9 tests). */
@ExtendWith(OutputCaptureExtension.class)
class ShopIntegrationTests extends TenantIntegrationTest {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	@Test
	void anAdminCreatesReadsListsUpdatesAndDeletesShops() {
		UUID organization = organization(uniqueName("Shops"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		String member = userToken(UUID.randomUUID(), Map.of(organization, Role.MEMBER));

		EntityExchangeResult<Map> answer = create(admin, organization, Map.of("name", "  Nook Transfers ", "platform",
				"etsy", "platform_shop_id", "12345678", "shop_config", Map.of("currency", "USD"), "token_expires_at",
				"2026-12-01T10:00:00+02:00"))
			.expectStatus().isCreated()
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
			.expectBody(Map.class).returnResult();
		@SuppressWarnings("unchecked")
		Map<String, Object> created = answer.getResponseBody();
		String id = (String) created.get("id");
		assertThat(answer.getResponseHeaders().getLocation()).hasToString(path(organization, id));
		assertThat(created).containsEntry("name", "Nook Transfers")
			.containsEntry("platform", "etsy")
			.containsEntry("platform_shop_id", "12345678")
			.containsEntry("shop_config", Map.of("currency", "USD"))
			.containsEntry("is_active", true)
			.containsEntry("credential_keys", List.of())
			.containsEntry("token_expires_at", "2026-12-01T08:00:00Z")
			.containsEntry("organization_id", organization.toString())
			.containsEntry("created_by_type", "user")
			.containsEntry("version", 1)
			.containsEntry("sync_requested_at", null)
			.containsEntry("last_sync_status", null);
		create(admin, organization, Map.of("name", "Apple shop", "platform", "shopify")).expectStatus().isCreated();
		create(admin, organization, Map.of("name", "zebra_%", "platform", "manual", "is_active", false))
			.expectStatus().isCreated();

		// Members read; a matching If-None-Match is a 304.
		get(member, path(organization, id)).expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
		this.http.get().uri(path(organization, id)).headers(headers -> {
			headers.setBearerAuth(member);
			headers.set(HttpHeaders.IF_NONE_MATCH, "\"1\"");
		}).exchange().expectStatus().isNotModified();

		EntityExchangeResult<List<Map<String, Object>>> first = list(member, organization, "?limit=2");
		assertThat(names(first)).containsExactly("Apple shop", "Nook Transfers");
		String cursor = Links.nextCursor(first.getResponseHeaders());
		assertThat(names(list(member, organization, "?limit=2&cursor=" + cursor))).containsExactly("zebra_%");
		assertThat(names(list(member, organization, "?platform=etsy"))).containsExactly("Nook Transfers");
		assertThat(names(list(member, organization, "?is_active=false"))).containsExactly("zebra_%");
		assertThat(names(list(member, organization, "?q=OOK"))).containsExactly("Nook Transfers");
		// LIKE wildcards in q are plain characters.
		assertThat(names(list(member, organization, "?q={q}", "_%"))).containsExactly("zebra_%");

		Map<String, Object> config = new LinkedHashMap<>();
		config.put("currency", null);
		config.put("language", "en");
		patch(admin, organization, id, null, Map.of("name", "Nook", "shop_config", config, "platform", "etsy"))
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
			.expectBody()
			.jsonPath("$.name").isEqualTo("Nook")
			.jsonPath("$.shop_config.language").isEqualTo("en")
			.jsonPath("$.shop_config.currency").doesNotExist()
			.jsonPath("$.version").isEqualTo(2);
		// PUT has PATCH's partial meaning.
		this.http.put().uri(path(organization, id)).headers(headers -> headers.setBearerAuth(admin))
			.bodyValue(Map.of("is_active", false)).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.is_active").isEqualTo(false).jsonPath("$.name").isEqualTo("Nook");

		List<Map<String, Object>> events = OutboxRows.forEntity("tenant", id);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("shop.created", "shop.updated", "shop.updated");
		@SuppressWarnings("unchecked")
		Map<String, Object> update = (Map<String, Object>) events.get(1).get("event_data");
		assertThat(update.get("before")).isEqualTo(Map.of("name", "Nook Transfers", "shop_config", Map.of("currency", "USD")));
		assertThat(update.get("after")).isEqualTo(Map.of("name", "Nook", "shop_config", Map.of("language", "en")));

		delete(admin, organization, id).expectStatus().isNoContent();
		delete(admin, organization, id).expectStatus().isNotFound();
		get(member, path(organization, id)).expectStatus().isNotFound();
		assertThat(OutboxRows.forEntity("tenant", id)).last()
			.satisfies(event -> assertThat(event).containsEntry("event_type", "shop.deleted"));
	}

	@Test
	void onlyOneOfEightConcurrentCreatesOfOnePlatformShopIdSucceeds() throws Exception {
		UUID organization = organization(uniqueName("Race"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.OWNER));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				int n = i;
				Callable<Integer> call = () -> {
					start.await();
					return create(admin, organization, Map.of("name", "Racer " + n, "platform", "etsy",
							"platform_shop_id", "same-shop"))
						.returnResult(String.class).getStatus().value();
				};
				answers.add(pool.submit(call));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get());
			}
			assertThat(statuses).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
		create(admin, organization, Map.of("name", "Again", "platform", "etsy", "platform_shop_id", "same-shop"))
			.expectStatus().isEqualTo(409)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("platform_shop_id");
		// Another platform, or no platform shop id, is another shop.
		create(admin, organization, Map.of("name", "Shopify twin", "platform", "shopify", "platform_shop_id", "same-shop"))
			.expectStatus().isCreated();
		assertThat(count("SELECT count(*) FROM tenant.shops WHERE organization_id = ?", organization)).isEqualTo(2);
	}

	@Test
	void twoOrganizationsMayConnectTheSamePlatformShop() {
		UUID one = organization(uniqueName("One"));
		UUID two = organization(uniqueName("Two"));
		String owner = userToken(UUID.randomUUID(), Map.of(one, Role.OWNER, two, Role.OWNER));
		Map<String, Object> shop = Map.of("name", "Shared", "platform", "etsy", "platform_shop_id", "777");
		create(owner, one, shop).expectStatus().isCreated();
		create(owner, two, shop).expectStatus().isCreated();
	}

	@Test
	void aChangeToATakenPlatformShopIdIsAConflict() {
		UUID organization = organization(uniqueName("Taken"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		create(admin, organization, Map.of("name", "First", "platform", "etsy", "platform_shop_id", "1"));
		String second = id(create(admin, organization, Map.of("name", "Second", "platform", "etsy")));
		patch(admin, organization, second, null, Map.of("platform_shop_id", "1")).expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("platform_shop_id");
	}

	@Test
	void thePlatformCannotChange() {
		UUID organization = organization(uniqueName("Platform"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		String id = id(create(admin, organization, Map.of("name", "Fixed", "platform", "etsy")));
		patch(admin, organization, id, null, Map.of("platform", "shopify", "name", "Moved")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("platform")
			.jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("create a new shop"));
		get(admin, path(organization, id)).expectStatus().isOk().expectBody()
			.jsonPath("$.platform").isEqualTo("etsy")
			.jsonPath("$.name").isEqualTo("Fixed");
	}

	@Test
	void refusesASecretLookingShopConfigKeyAtAnyDepth() {
		UUID organization = organization(uniqueName("Config"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		Map<String, Object> config = Map.of("shipping", Map.of("carrier", Map.of("Api_Token", "abc")));
		create(admin, organization, Map.of("name", "Leaky", "platform", "etsy", "shop_config", config)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("/shop_config/shipping/carrier/Api_Token")
			.jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("credentials"));
		assertThat(count("SELECT count(*) FROM tenant.shops WHERE organization_id = ?", organization)).isZero();

		String id = id(create(admin, organization, Map.of("name", "Clean", "platform", "etsy")));
		patch(admin, organization, id, null, Map.of("shop_config", Map.of("webhook", List.of(Map.of("secret", "x")))))
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("/shop_config/webhook/0/secret");
	}

	@Test
	void credentialsAreSealedAndNeverShownLoggedOrRecorded(CapturedOutput output) {
		UUID organization = organization(uniqueName("Credentials"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		String access = "etsy-access-" + UUID.randomUUID();
		String refresh = "etsy-refresh-" + UUID.randomUUID();
		String rotated = "etsy-rotated-" + UUID.randomUUID();
		EntityExchangeResult<String> created = create(admin, organization, Map.of("name", "Sealed", "platform", "etsy",
				"credentials", Map.of("access_token", access, "refresh_token", refresh)))
			.expectStatus().isCreated().expectBody(String.class).returnResult();
		assertThat(created.getResponseBody()).doesNotContain(access).doesNotContain(refresh)
			.contains("\"credential_keys\":[\"access_token\",\"refresh_token\"]");
		String id = String.valueOf(this.json(created.getResponseBody()).get("id"));

		Map<String, Object> change = new LinkedHashMap<>();
		change.put("access_token", rotated);
		change.put("refresh_token", null);
		String updated = patch(admin, organization, id, null, Map.of("credentials", change)).expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(updated).doesNotContain(rotated).contains("\"credential_keys\":[\"access_token\"]");
		String read = get(admin, path(organization, id)).expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody();
		String listed = get(admin, "/api/v1/organizations/" + organization + "/shops").expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(read + listed).doesNotContain(access).doesNotContain(refresh).doesNotContain(rotated);

		List<String> events = OutboxRows.raw("tenant", "payload->>'entity_id' = ?", id);
		assertThat(events).hasSize(2);
		assertThat(String.join("\n", events)).doesNotContain(access).doesNotContain(refresh).doesNotContain(rotated);
		assertThat(OutboxRows.forEntity("tenant", id).get(1).get("event_data")).satisfies(data -> assertThat(
				((Map<?, ?>) data).get("credential_keys_changed")).isEqualTo(List.of("access_token", "refresh_token")));
		assertThat(stored(id)).doesNotContain(access).doesNotContain(rotated);
		assertThat(output.getAll()).doesNotContain(access).doesNotContain(refresh).doesNotContain(rotated);

		// Only a service, for the organization the shop belongs to, reads them in clear; the read is recorded.
		this.http.get().uri("/internal/shops/" + id + "/credentials?organization_id=" + organization)
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.exchange()
			.expectStatus().isOk()
			.expectBody().json("{\"credentials\":{\"access_token\":\"" + rotated + "\"}}");
		this.http.get().uri("/internal/shops/" + id + "/credentials?organization_id=" + UUID.randomUUID())
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.exchange()
			.expectStatus().isNotFound();
		this.http.get().uri("/internal/shops/" + id + "/credentials?organization_id=" + organization)
			.headers(headers -> headers.setBearerAuth(admin))
			.exchange()
			.expectStatus().isForbidden();
		assertThat(OutboxRows.forEntity("tenant", id)).last().satisfies(event -> {
			assertThat(event).containsEntry("event_type", "shop.credentials_read");
			assertThat(event.get("actor")).isEqualTo(Map.of("id", "auth-service", "type", "service"));
		});

		// The same values again change nothing.
		patch(admin, organization, id, null, Map.of("credentials", Map.of("access_token", rotated))).expectStatus().isOk()
			.expectBody().jsonPath("$.version").isEqualTo(2);
		Map<String, Object> none = new LinkedHashMap<>();
		none.put("credentials", null);
		patch(admin, organization, id, null, none).expectStatus().isOk()
			.expectBody().jsonPath("$.credential_keys").isEmpty();
		assertThat(stored(id)).isNull();
	}

	@Test
	void aStaleIfMatchChangesNothing() {
		UUID organization = organization(uniqueName("Stale"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		String id = id(create(admin, organization, Map.of("name", "Versioned", "platform", "etsy")));
		patch(admin, organization, id, "\"1\"", Map.of("name", "Second")).expectStatus().isOk();
		patch(admin, organization, id, "\"1\"", Map.of("name", "Lost update")).expectStatus().isEqualTo(412);
		get(admin, path(organization, id)).expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Second");
		assertThat(OutboxRows.forEntity("tenant", id)).hasSize(2);
	}

	@Test
	void aPatchThatChangesNothingWritesNothing() {
		UUID organization = organization(uniqueName("Same"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		String id = id(create(admin, organization,
				Map.of("name", "Same", "platform", "etsy", "shop_config", Map.of("currency", "EUR"))));
		patch(admin, organization, id, null, Map.of("name", " Same ", "platform", "etsy", "shop_config",
				Map.of("currency", "EUR"), "is_active", true))
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
		assertThat(OutboxRows.forEntity("tenant", id)).hasSize(1);
	}

	@Test
	void membersReadAdminsWriteStrangersSeeNothing() {
		UUID organization = organization(uniqueName("Roles"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		String member = userToken(UUID.randomUUID(), Map.of(organization, Role.MEMBER));
		String stranger = userToken(UUID.randomUUID(), Map.of(organization(uniqueName("Elsewhere")), Role.OWNER));
		String readKey = tokens.apiKey(UUID.randomUUID(), organization, "read");
		String writeKey = tokens.apiKey(UUID.randomUUID(), organization, "read", "write");
		String id = id(create(admin, organization, Map.of("name", "Guarded", "platform", "etsy")));

		patch(member, organization, id, null, Map.of("name", "Mine")).expectStatus().isForbidden();
		create(member, organization, Map.of("name", "Mine", "platform", "etsy")).expectStatus().isForbidden();
		delete(member, organization, id).expectStatus().isForbidden();
		patch(writeKey, organization, id, null, Map.of("name", "Mine")).expectStatus().isForbidden();
		create(writeKey, organization, Map.of("name", "Mine", "platform", "etsy")).expectStatus().isForbidden();
		get(readKey, path(organization, id)).expectStatus().isOk();
		get(readKey, "/api/v1/organizations/" + organization + "/shops").expectStatus().isOk();

		get(stranger, path(organization, id)).expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		get(stranger, "/api/v1/organizations/" + organization + "/shops").expectStatus().isNotFound();
		patch(stranger, organization, id, null, Map.of("name", "Mine")).expectStatus().isNotFound();
		// A shop of another organization through one's own organization's path: 404 too.
		UUID mine = organization(uniqueName("Mine"));
		String owner = userToken(UUID.randomUUID(), Map.of(mine, Role.OWNER));
		get(owner, path(mine, id)).expectStatus().isNotFound();
		delete(owner, mine, id).expectStatus().isNotFound();
		get(admin, "/api/v1/organizations/not-a-uuid/shops").expectStatus().isNotFound();
		assertThat(OutboxRows.forEntity("tenant", id)).hasSize(1);
	}

	@Test
	void aSyncRequestIsRecordedOnceUntilItsResultComesIn() {
		UUID organization = organization(uniqueName("Sync"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		String member = userToken(UUID.randomUUID(), Map.of(organization, Role.MEMBER));
		String readKey = tokens.apiKey(UUID.randomUUID(), organization, "read");
		String id = id(create(admin, organization, Map.of("name", "Synced", "platform", "shopify")));

		sync(member, organization, id).expectStatus().isAccepted().expectBody()
			.jsonPath("$.sync_requested_at").isNotEmpty();
		sync(member, organization, id).expectStatus().isAccepted();
		sync(readKey, organization, id).expectStatus().isForbidden();
		assertThat(types(id)).containsExactly("shop.created", "shop.sync_requested");

		this.http.post().uri("/internal/shops/" + id + "/sync-result")
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.bodyValue(Map.of("status", "failed", "finished_at", "2099-01-01T00:00:00Z", "error", "rate limited"))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.last_sync_status").isEqualTo("failed")
			.jsonPath("$.last_sync_error").isEqualTo("rate limited");
		sync(member, organization, id).expectStatus().isAccepted();
		// Once the result is in, a request is a new one.
		assertThat(types(id)).containsExactly("shop.created", "shop.sync_requested", "shop.sync_finished",
				"shop.sync_requested");
		assertThat(OutboxRows.forEntity("tenant", id).get(2)).containsEntry("outcome", "failure");

		patch(admin, organization, id, null, Map.of("is_active", false)).expectStatus().isOk();
		sync(member, organization, id).expectStatus().isEqualTo(409);
	}

	@Test
	void refusesBadInputAndStoresNothing() {
		UUID organization = organization(uniqueName("Bad input"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		badCreate(admin, organization, Map.of("name", "Typo", "platform", "etsy", "provider_shop_id", "1"),
				"provider_shop_id");
		badCreate(admin, organization, Map.of("name", " ", "platform", "etsy"), "name");
		badCreate(admin, organization, Map.of("name", "x".repeat(256), "platform", "etsy"), "name");
		badCreate(admin, organization, Map.of("name", "Bell\u0007", "platform", "etsy"), "name");
		badCreate(admin, organization, Map.of("name", "No platform"), "platform");
		badCreate(admin, organization, Map.of("name", "Amazon", "platform", "amazon"), "platform");
		badCreate(admin, organization, Map.of("name", "Empty id", "platform", "etsy", "platform_shop_id", ""),
				"platform_shop_id");
		badCreate(admin, organization, Map.of("name", "List", "platform", "etsy", "shop_config", List.of(1)),
				"shop_config");
		badCreate(admin, organization, Map.of("name", "Huge", "platform", "etsy", "shop_config",
				Map.of("blob", "x".repeat(17 * 1024))), "shop_config");
		badCreate(admin, organization, Map.of("name", "Deep", "platform", "etsy", "shop_config", nested(9)),
				"shop_config");
		badCreate(admin, organization, Map.of("name", "Numbers", "platform", "etsy", "credentials",
				Map.of("access_token", 42)), "credentials.access_token");
		badCreate(admin, organization, Map.of("name", "Names", "platform", "etsy", "credentials",
				Map.of("Access-Token", "x")), "credentials");
		Map<String, Object> many = new LinkedHashMap<>();
		for (int i = 0; i < 11; i++) {
			many.put("key_" + i, "v");
		}
		badCreate(admin, organization, Map.of("name", "Many", "platform", "etsy", "credentials", many), "credentials");
		badCreate(admin, organization, Map.of("name", "Long", "platform", "etsy", "credentials",
				Map.of("access_token", "x".repeat(4097))), "credentials.access_token");
		badCreate(admin, organization, Map.of("name", "Flag", "platform", "etsy", "is_active", "yes"), "is_active");
		badCreate(admin, organization, Map.of("name", "Local time", "platform", "etsy", "token_expires_at",
				"2026-12-01T10:00:00"), "token_expires_at");
		this.http.post().uri("/api/v1/organizations/" + organization + "/shops")
			.headers(headers -> headers.setBearerAuth(admin))
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("name=x")
			.exchange()
			.expectStatus().isEqualTo(415);
		get(admin, "/api/v1/organizations/" + organization + "/shops?limit=201").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
		get(admin, "/api/v1/organizations/" + organization + "/shops?is_active=maybe").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("is_active");
		get(admin, "/api/v1/organizations/" + organization + "/shops?cursor=bm90LWEtY3Vyc29y").expectStatus()
			.isBadRequest();
		assertThat(count("SELECT count(*) FROM tenant.shops WHERE organization_id = ?", organization)).isZero();
		assertThat(OutboxRows.where("tenant", "payload->>'organization_id' = ? AND payload->>'entity_type' = 'shop'",
				organization.toString())).isEmpty();
	}

	private void badCreate(String token, UUID organization, Map<String, Object> body, String field) {
		create(token, organization, body).expectStatus()
			.isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo(field);
	}

	private static Map<String, Object> nested(int depth) {
		Map<String, Object> leaf = Map.of("leaf", 1);
		for (int i = 1; i < depth; i++) {
			leaf = Map.of("level" + i, leaf);
		}
		return leaf;
	}

	private List<Object> types(String id) {
		return OutboxRows.forEntity("tenant", id).stream().map(event -> event.get("event_type")).toList();
	}

	private WebTestClient.ResponseSpec create(String token, UUID organization, Map<String, Object> body) {
		return this.http.post()
			.uri("/api/v1/organizations/" + organization + "/shops")
			.headers(headers -> headers.setBearerAuth(token))
			.bodyValue(body)
			.exchange();
	}

	@SuppressWarnings("unchecked")
	private static String id(WebTestClient.ResponseSpec created) {
		return (String) created.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
	}

	private WebTestClient.ResponseSpec patch(String token, UUID organization, String id, String ifMatch,
			Map<String, Object> body) {
		return this.http.patch().uri(path(organization, id)).headers(headers -> {
			headers.setBearerAuth(token);
			if (ifMatch != null) {
				headers.set(HttpHeaders.IF_MATCH, ifMatch);
			}
		}).bodyValue(body).exchange();
	}

	private WebTestClient.ResponseSpec delete(String token, UUID organization, String id) {
		return this.http.delete().uri(path(organization, id)).headers(headers -> headers.setBearerAuth(token)).exchange();
	}

	private WebTestClient.ResponseSpec sync(String token, UUID organization, String id) {
		return this.http.post().uri(path(organization, id) + "/sync").headers(headers -> headers.setBearerAuth(token))
			.exchange();
	}

	private WebTestClient.ResponseSpec get(String token, String path) {
		return this.http.get().uri(path).headers(headers -> headers.setBearerAuth(token)).exchange();
	}

	private EntityExchangeResult<List<Map<String, Object>>> list(String token, UUID organization, String query,
			Object... variables) {
		return this.http.get()
			.uri("/api/v1/organizations/" + organization + "/shops" + query, variables)
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus().isOk()
			.expectBody(LIST)
			.returnResult();
	}

	private static List<Object> names(EntityExchangeResult<List<Map<String, Object>>> page) {
		return page.getResponseBody().stream().map(shop -> shop.get("name")).toList();
	}

	private static String path(UUID organization, String id) {
		return "/api/v1/organizations/" + organization + "/shops/" + id;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> json(String body) {
		return tools.jackson.databind.json.JsonMapper.builder().build().readValue(body, Map.class);
	}

	/** The stored credentials column as text (null when there are none). */
	private static String stored(String id) {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT encode(credentials, 'escape') FROM tenant.shops WHERE id = ?")) {
			statement.setObject(1, UUID.fromString(id));
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? rows.getString(1) : null;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long count(String sql, UUID organization) {
		return TestDatabase.get().number(sql, organization);
	}

}
