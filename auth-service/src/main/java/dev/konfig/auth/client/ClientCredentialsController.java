package dev.konfig.auth.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.auth.key.AccessTokens;
import dev.konfig.auth.system.AuthProperties;
import dev.konfig.platform.security.KonfigClaims;

/**
 * OAuth2 client credentials grant (RFC 6749 section 4.4) for the suite's services, with
 * HTTP Basic client authentication against the configured client secrets. Errors use the
 * RFC 6749 body so standard OAuth2 clients understand them.
 */
@RestController
class ClientCredentialsController {

	private final AuthProperties properties;

	private final AccessTokens tokens;

	ClientCredentialsController(AuthProperties properties, AccessTokens tokens) {
		this.properties = properties;
		this.tokens = tokens;
	}

	@PostMapping(path = "/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Mono<ResponseEntity<Object>> token(ServerWebExchange exchange) {
		String clientId = authenticate(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
		if (clientId == null) {
			return Mono.just(ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"konfig\"")
				.body(Map.of("error", "invalid_client")));
		}
		return exchange.getFormData().flatMap(form -> {
			if (!"client_credentials".equals(form.getFirst("grant_type"))) {
				return Mono.just(ResponseEntity.badRequest().body(Map.of("error", "unsupported_grant_type")));
			}
			String scope = form.getFirst("scope");
			if (scope != null && !scope.isBlank() && !scope.trim().equals(KonfigClaims.SCOPE_INTERNAL)) {
				return Mono.just(ResponseEntity.badRequest().body(Map.of("error", "invalid_scope")));
			}
			return this.tokens.service(clientId, this.properties.serviceTokenTtl())
				.map(token -> ResponseEntity.ok()
					.header(HttpHeaders.CACHE_CONTROL, "no-store")
					.body(new TokenResponse(token, "Bearer", this.properties.serviceTokenTtl().toSeconds(),
							KonfigClaims.SCOPE_INTERNAL)));
		});
	}

	/** The client id when the Basic credentials match a configured client, else null. */
	String authenticate(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		int colon = decoded.indexOf(':');
		if (colon < 0) {
			return null;
		}
		// RFC 6749 2.3.1: id and secret are form-urlencoded before Basic encoding.
		String id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
		String secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
		String expected = this.properties.clients().get(id);
		if (expected == null || expected.isEmpty()) {
			// Same comparison work for unknown ids as for known ones.
			MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8));
			return null;
		}
		boolean matches = MessageDigest.isEqual(sha256(secret), sha256(expected));
		return matches ? id : null;
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record TokenResponse(String accessToken, String tokenType, long expiresIn, String scope) {
	}

}
