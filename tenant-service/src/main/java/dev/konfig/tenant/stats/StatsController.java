package dev.konfig.tenant.stats;

import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.tenant.system.StatsProperties;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/organizations/{id}/stats}: one organization's numbers, from every service that has some. */
@RestController
class StatsController {

	private final OrganizationStats stats;

	private final String cacheControl;

	StatsController(OrganizationStats stats, StatsProperties properties) {
		this.stats = stats;
		this.cacheControl = "private, max-age=" + properties.cacheTtl().toSeconds();
	}

	@GetMapping("/api/v1/organizations/{id}/stats")
	Mono<ResponseEntity<StatsResponse>> get(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable UUID id) {
		return this.stats.of(principal, id)
			.map(body -> ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, this.cacheControl).body(body));
	}

}
