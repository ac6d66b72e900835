package dev.konfig.auth.key;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishes the public halves of the active and the previous signing key. */
@RestController
class JwksController {

	private final SigningKeyStore keys;

	JwksController(SigningKeyStore keys) {
		this.keys = keys;
	}

	@GetMapping(path = "/.well-known/jwks.json", produces = "application/json")
	Mono<ResponseEntity<Map<String, Object>>> jwks() {
		return this.keys.publicJwks()
			.map(set -> ResponseEntity.ok()
				.cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
				.body(set.toJSONObject(true)));
	}

}
