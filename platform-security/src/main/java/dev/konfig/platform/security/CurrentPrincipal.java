package dev.konfig.platform.security;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;

import dev.konfig.platform.web.UnauthorizedException;
import reactor.core.publisher.Mono;

/** The caller of the current request, for code that has no controller parameter at hand. */
public final class CurrentPrincipal {

	private CurrentPrincipal() {
	}

	public static Mono<KonfigPrincipal> get() {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(context -> context.getAuthentication())
			.filter(KonfigAuthentication.class::isInstance)
			.map(authentication -> ((KonfigAuthentication) authentication).getPrincipal())
			.switchIfEmpty(Mono.error(() -> new UnauthorizedException("Authentication is required")));
	}

}
