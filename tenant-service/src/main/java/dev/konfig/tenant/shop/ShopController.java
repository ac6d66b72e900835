package dev.konfig.tenant.shop;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import reactor.core.publisher.Mono;

/**
 * An organization's shops. Single-shop answers carry {@code ETag: "<version>"}; reads answer 304
 * to a matching {@code If-None-Match}, writes take an optional {@code If-Match} (412 when stale).
 */
@RestController
@RequestMapping("/api/v1/organizations/{organizationId}/shops")
class ShopController {

	private final ShopService shops;

	ShopController(ShopService shops) {
		this.shops = shops;
	}

	@PostMapping
	Mono<ResponseEntity<ShopResponse>> create(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable("organizationId") String organization, @RequestBody ShopRequests.Create request) {
		UUID organizationId = organizationId(organization);
		return this.shops.create(principal, organizationId, request)
			.map(created -> ResponseEntity
				.created(URI.create("/api/v1/organizations/" + organizationId + "/shops/" + created.id()))
				.eTag(EntityTags.of(created.version()))
				.body(this.shops.response(created)));
	}

	@GetMapping
	Mono<Page<ShopResponse>> list(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable("organizationId") String organization, @RequestParam(required = false) String platform,
			@RequestParam(name = "is_active", required = false) String isActive,
			@RequestParam(required = false) String q, PageRequest page) {
		return Mono.defer(() -> this.shops.list(principal, organizationId(organization),
				new ShopService.Filter(platform, isActive, q), page))
			.map(found -> found.map(this.shops::response));
	}

	@GetMapping("/{id}")
	Mono<ResponseEntity<ShopResponse>> get(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable("organizationId") String organization, @PathVariable("id") String shop,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		return this.shops.get(principal, organizationId(organization), shopId(shop)).map(found -> {
			if (EntityTags.matches(ifNoneMatch, found.version())) {
				return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(EntityTags.of(found.version())).build();
			}
			return ResponseEntity.ok().eTag(EntityTags.of(found.version())).body(this.shops.response(found));
		});
	}

	/** PATCH and PUT both change only the fields sent (the seed's frontend uses PUT). */
	@PatchMapping("/{id}")
	Mono<ResponseEntity<ShopResponse>> update(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable("organizationId") String organization, @PathVariable("id") String shop, @RequestBody ShopRequests.Update request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return this.shops.update(principal, organizationId(organization), shopId(shop), request, ifMatch)
			.map(updated -> ResponseEntity.ok().eTag(EntityTags.of(updated.version())).body(this.shops.response(updated)));
	}

	@PutMapping("/{id}")
	Mono<ResponseEntity<ShopResponse>> replace(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable("organizationId") String organization, @PathVariable("id") String shop, @RequestBody ShopRequests.Update request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return update(principal, organization, shop, request, ifMatch);
	}

	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable("organizationId") String organization, @PathVariable("id") String shop) {
		return this.shops.delete(principal, organizationId(organization), shopId(shop)).thenReturn(ResponseEntity.noContent().build());
	}

	/** A path that names no organization (not even a UUID) names no resource: 404, not 400. */
	private static UUID organizationId(String organization) {
		try {
			return UUID.fromString(organization);
		}
		catch (IllegalArgumentException ex) {
			throw ShopNotFoundException.organization(organization);
		}
	}

	private static UUID shopId(String shop) {
		try {
			return UUID.fromString(shop);
		}
		catch (IllegalArgumentException ex) {
			throw new ShopNotFoundException(shop);
		}
	}

	/** 202: the request is recorded; a synchronisation worker carries it out. */
	@PostMapping("/{id}/sync")
	Mono<ResponseEntity<ShopResponse>> sync(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable("organizationId") String organization, @PathVariable("id") String shop) {
		return this.shops.requestSync(principal, organizationId(organization), shopId(shop))
			.map(requested -> ResponseEntity.accepted()
				.eTag(EntityTags.of(requested.version()))
				.body(this.shops.response(requested)));
	}

}
