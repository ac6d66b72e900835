package dev.konfig.platform.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import reactor.core.publisher.Mono;

/**
 * Turns a verified JWT into a {@link KonfigAuthentication}: scopes become {@code SCOPE_x}
 * authorities and the role {@code ROLE_x}. A token missing the claims its type needs is
 * refused, whatever its signature.
 */
public class KonfigJwtAuthenticationConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

	@Override
	public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
		return Mono.fromCallable(() -> authenticate(jwt));
	}

	public static KonfigAuthentication authenticate(Jwt jwt) {
		KonfigPrincipal principal = principal(jwt);
		List<GrantedAuthority> authorities = new ArrayList<>();
		principal.scopes().forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
		if (principal.role() != null) {
			authorities.add(new SimpleGrantedAuthority("ROLE_" + principal.role().name()));
		}
		return new KonfigAuthentication(jwt, principal, authorities);
	}

	static KonfigPrincipal principal(Jwt jwt) {
		try {
			PrincipalType type = PrincipalType.fromClaim(required(jwt, KonfigClaims.PRINCIPAL_TYPE));
			String subject = jwt.getSubject();
			if (subject == null || subject.isBlank()) {
				throw new IllegalArgumentException("sub");
			}
			UUID organization = null;
			Role role = null;
			if (type != PrincipalType.SERVICE) {
				organization = UUID.fromString(required(jwt, KonfigClaims.ORGANIZATION));
				UUID.fromString(subject);
			}
			if (type == PrincipalType.USER) {
				role = Role.fromClaim(required(jwt, KonfigClaims.ROLE));
			}
			String scope = jwt.getClaimAsString(KonfigClaims.SCOPE);
			Set<String> scopes = scope == null ? Set.of()
					: Set.copyOf(new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+"))));
			return new KonfigPrincipal(subject, type, organization, role, scopes, jwt.getTokenValue());
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidBearerTokenException("The access token lacks a valid " + ex.getMessage() + " claim");
		}
	}

	private static String required(Jwt jwt, String claim) {
		String value = jwt.getClaimAsString(claim);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(claim);
		}
		return value;
	}

}
