package dev.konfig.gateway.apikey;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

import dev.konfig.platform.security.KonfigJwtAuthenticationConverter;
import dev.konfig.platform.security.OpaqueSecrets;
import dev.konfig.platform.security.ProblemSecurityHandlers;
import dev.konfig.platform.web.ServiceUnavailableException;

/**
 * Authenticates requests that carry {@code X-API-Key}: the key is exchanged for an access
 * token, which is then verified exactly like a client's bearer token, so the principal (and
 * the token relayed downstream) is the one auth-service minted for the key.
 */
public class ApiKeyAuthenticationWebFilter extends AuthenticationWebFilter {

	public static final String HEADER = "X-API-Key";

	/** The SHA-256 of the key sent, for what must tell keys apart without holding them (rate limits). */
	public static final String API_KEY_HASH_ATTRIBUTE = ApiKeyAuthenticationWebFilter.class.getName() + ".keyHash";

	public ApiKeyAuthenticationWebFilter(ApiKeyTokens tokens, ReactiveJwtDecoder decoder,
			ProblemSecurityHandlers problems, ServerWebExchangeMatcher publicPaths) {
		super(new ApiKeyAuthenticationManager(tokens, decoder));
		// Public paths need no key, so one sent there is neither exchanged nor relayed.
		setRequiresAuthenticationMatcher(exchange -> exchange.getRequest().getHeaders().containsHeader(HEADER)
				? publicPaths.matches(exchange)
					.flatMap(match -> match.isMatch() ? ServerWebExchangeMatcher.MatchResult.notMatch()
							: ServerWebExchangeMatcher.MatchResult.match())
				: ServerWebExchangeMatcher.MatchResult.notMatch());
		setServerAuthenticationConverter(exchange -> Mono
			.justOrEmpty(exchange.getRequest().getHeaders().getFirst(HEADER))
			.map(String::trim)
			.doOnNext(apiKey -> exchange.getAttributes().put(API_KEY_HASH_ATTRIBUTE, OpaqueSecrets.sha256(apiKey)))
			.map(ApiKeyCredentials::new));
		setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(problems));
		setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
	}

	/** An API key as sent, not yet checked. */
	static final class ApiKeyCredentials extends AbstractAuthenticationToken {

		private final String apiKey;

		ApiKeyCredentials(String apiKey) {
			super(List.of());
			this.apiKey = apiKey;
		}

		@Override
		public Object getCredentials() {
			return this.apiKey;
		}

		@Override
		public Object getPrincipal() {
			// Never the key itself: principals end up in logs.
			return "api-key";
		}

	}

	private record ApiKeyAuthenticationManager(ApiKeyTokens tokens,
			ReactiveJwtDecoder decoder) implements ReactiveAuthenticationManager {

		@Override
		public Mono<Authentication> authenticate(Authentication authentication) {
			String apiKey = (String) authentication.getCredentials();
			if (apiKey == null || apiKey.isEmpty()) {
				return Mono.error(new InvalidBearerTokenException("The API key is empty"));
			}
			return this.tokens.tokenFor(apiKey)
				.switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("The API key is invalid")))
				.flatMap(token -> this.decoder.decode(token).onErrorMap(JwtException.class, ex -> (ex instanceof BadJwtException)
						? new InvalidBearerTokenException("The token minted for the API key is invalid", ex)
						: new ServiceUnavailableException("API keys cannot be checked right now")))
				.map(KonfigJwtAuthenticationConverter::authenticate);
		}

	}

}
