package dev.konfig.tenant.shop;

import java.util.Map;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * Shops for other services (scope {@code internal}, never routed by the gateway): print-service
 * checks a job's shop, a synchronisation worker reads credentials and reports results.
 */
@RestController
@RequestMapping("/internal/shops/{id}")
class InternalShopController {

	private final ShopService shops;

	InternalShopController(ShopService shops) {
		this.shops = shops;
	}

	@GetMapping
	Mono<ShopResponse> get(@PathVariable UUID id, @RequestParam("organization_id") UUID organizationId) {
		return this.shops.getInternal(id, organizationId).map(this.shops::response);
	}

	/** The credentials in clear; the read is recorded as {@code shop.credentials_read}. */
	@GetMapping("/credentials")
	Mono<Map<String, Object>> credentials(@PathVariable UUID id,
			@RequestParam("organization_id") UUID organizationId) {
		return this.shops.credentialsInternal(id, organizationId).map(open -> Map.of("credentials", open));
	}

	@PostMapping("/sync-result")
	Mono<ShopResponse> syncResult(@PathVariable UUID id, @RequestBody ShopRequests.SyncResult result) {
		return this.shops.recordSyncResult(id, result).map(this.shops::response);
	}

}
