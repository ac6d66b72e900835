package dev.konfig.tenant.shop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.tenant.organization.TenantIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shops brought by the importer, on the real PostgreSQL: the id and creation time kept, a
 * second run finds the shop, a dry run writes nothing, a duplicate platform shop id is refused
 * naming the shop already there and leaves nothing behind, and another organization's id is a
 * conflict.
 */
class ShopImportIntegrationTests extends TenantIntegrationTest {

	@Test
	void aShopIsImportedWithItsIdOnceAndReadThroughThePublicApi() {
		UUID organization = organization(uniqueName("Legacy shops"));
		UUID id = UUID.randomUUID();
		Map<String, Object> shop = shop(id, organization, "Nook Transfers", "4242");

		importShop(shop, true).expectStatus().isCreated();
		assertThat(count(id)).isZero();

		importShop(shop, false).expectStatus().isCreated().expectBody().jsonPath("$.outcome").isEqualTo("imported");
		importShop(shop, false).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("already_there");

		String member = userToken(UUID.randomUUID(), Map.of(organization, Role.MEMBER));
		this.http.get()
			.uri("/api/v1/organizations/" + organization + "/shops/" + id)
			.headers(headers -> headers.setBearerAuth(member))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name").isEqualTo("Nook Transfers")
			.jsonPath("$.platform_shop_id").isEqualTo("4242")
			.jsonPath("$.created_at").isEqualTo("2023-06-01T12:00:00Z");
		assertThat(TestDatabase.get().number("SELECT count(*) FROM tenant.outbox WHERE payload ->> 'event_type' = "
				+ "'shop.imported' AND payload ->> 'entity_id' = ?", id.toString())).isEqualTo(1);
	}

	@Test
	void aDuplicateShopIsRefusedNamingTheShopAlreadyThereAndLeavesNothing() {
		UUID organization = organization(uniqueName("Legacy duplicates"));
		UUID first = UUID.randomUUID();
		importShop(shop(first, organization, "Main", "777"), false).expectStatus().isCreated();
		UUID duplicate = UUID.randomUUID();

		importShop(shop(duplicate, organization, "Main again", "777"), false).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).contains("Duplicate shop").contains(first.toString()));

		assertThat(count(duplicate)).isZero();
		assertThat(TestDatabase.get().number("SELECT count(*) FROM tenant.outbox WHERE payload ->> 'entity_id' = ?",
				duplicate.toString())).isZero();
	}

	@Test
	void anIdOfAnotherOrganizationIsAConflictAndAMissingOrganizationIsNotFound() {
		UUID id = UUID.randomUUID();
		importShop(shop(id, organization(uniqueName("Owner")), "Mine", null), false).expectStatus().isCreated();

		importShop(shop(id, organization(uniqueName("Other")), "Mine", null), false).expectStatus().isEqualTo(409);
		importShop(shop(UUID.randomUUID(), UUID.randomUUID(), "Orphan", null), false).expectStatus().isNotFound();
	}

	@Test
	void onlyTheImporterImportsShops() {
		UUID organization = organization(uniqueName("Not for others"));
		UUID id = UUID.randomUUID();

		this.http.post()
			.uri("/internal/import/shops")
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.bodyValue(shop(id, organization, "Sneaky", "1"))
			.exchange()
			.expectStatus()
			.isForbidden();

		assertThat(count(id)).isZero();
	}

	private WebTestClient.ResponseSpec importShop(Map<String, Object> shop, boolean dryRun) {
		return this.http.post()
			.uri("/internal/import/shops" + (dryRun ? "?dry_run=true" : ""))
			.headers(headers -> headers.setBearerAuth(tokens.service("importer")))
			.bodyValue(shop)
			.exchange();
	}

	private static Map<String, Object> shop(UUID id, UUID organization, String name, String platformShopId) {
		Map<String, Object> shop = new LinkedHashMap<>();
		shop.put("id", id);
		shop.put("organization_id", organization);
		shop.put("name", name);
		shop.put("platform", "etsy");
		shop.put("platform_shop_id", platformShopId);
		shop.put("shop_config", Map.of("currency", "USD"));
		shop.put("created_at", "2023-06-01T12:00:00Z");
		shop.put("source", "printshop");
		return shop;
	}

	private static long count(UUID id) {
		return TestDatabase.get().number("SELECT count(*) FROM tenant.shops WHERE id = ?", id);
	}

}
