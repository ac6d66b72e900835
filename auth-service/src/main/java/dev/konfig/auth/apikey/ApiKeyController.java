package dev.konfig.auth.apikey;

import java.util.UUID;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;

/** API key management (admin+ users) and the public exchange the gateway calls. */
@RestController
class ApiKeyController {

	private final ApiKeyService keys;

	ApiKeyController(ApiKeyService keys) {
		this.keys = keys;
	}

	@GetMapping("/api/v1/api-keys")
	Mono<Page<ApiKeyRecords.ApiKeyResponse>> list(@AuthenticationPrincipal KonfigPrincipal caller,
			PageRequest page) {
		return Mono.defer(() -> this.keys.list(caller, page));
	}

	@PostMapping("/api/v1/api-keys")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<ApiKeyRecords.ApiKeyResponse> create(@AuthenticationPrincipal KonfigPrincipal caller,
			@Valid @RequestBody ApiKeyRecords.CreateApiKeyRequest request) {
		return Mono.defer(() -> this.keys.create(caller, request));
	}

	@GetMapping("/api/v1/api-keys/{id}")
	Mono<ApiKeyRecords.ApiKeyResponse> get(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID id) {
		return Mono.defer(() -> this.keys.get(caller, id));
	}

	@DeleteMapping("/api/v1/api-keys/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> revoke(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID id) {
		return Mono.defer(() -> this.keys.revoke(caller, id));
	}

	@PostMapping("/internal/api-keys/exchange")
	Mono<ApiKeyRecords.ExchangeResponse> exchange(@Valid @RequestBody ApiKeyRecords.ExchangeRequest request) {
		return this.keys.exchange(request.apiKey().trim());
	}

}
