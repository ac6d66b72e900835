package dev.konfig.tenant.shop;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import reactor.core.publisher.Mono;

/**
 * The importer's shops ({@code /internal/import/shops}, scope {@code internal}, never routed by
 * the gateway): 201 imported, 200 already there, 409 a duplicate or another organization's id,
 * 404 an organization that does not exist; {@code dry_run=true} does the work and rolls it back.
 * Only the service client {@code importer} may call.
 */
@RestController
class ShopImportController {

	private final ShopService shops;

	ShopImportController(ShopService shops) {
		this.shops = shops;
	}

	@PostMapping("/internal/import/shops")
	Mono<ResponseEntity<ShopRequests.ImportResult>> importShop(@AuthenticationPrincipal KonfigPrincipal principal,
			@Valid @RequestBody ShopRequests.Import request,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return Mono.fromRunnable(() -> principal.requireService("importer"))
			.then(this.shops.importShop(request, dryRun))
			.map(result -> ResponseEntity.status(result.imported() ? HttpStatus.CREATED : HttpStatus.OK).body(result));
	}

}
