package dev.konfig.platform.security;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/** A verified access token whose principal is a {@link KonfigPrincipal}. */
public class KonfigAuthentication extends AbstractOAuth2TokenAuthenticationToken<Jwt> {

	private final KonfigPrincipal principal;

	public KonfigAuthentication(Jwt jwt, KonfigPrincipal principal, Collection<? extends GrantedAuthority> authorities) {
		super(jwt, principal, jwt, authorities);
		this.principal = principal;
		setAuthenticated(true);
	}

	@Override
	public KonfigPrincipal getPrincipal() {
		return this.principal;
	}

	@Override
	public java.util.Map<String, Object> getTokenAttributes() {
		return getToken().getClaims();
	}

}
