package dev.konfig.auth.session;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.auth.system.AuthProperties;

/**
 * The refresh token as an {@code HttpOnly; Secure; SameSite=Strict} cookie, for the browser
 * console, whose scripts must never read it. A client asks for it with the request header
 * {@value #HEADER}; it then gets the cookie instead of {@code refresh_token} in the body. The
 * cookie is sent back only to the refresh and logout paths (one cookie per path, both holding
 * the same token), and only read when that header comes along too: a cross-site page cannot
 * add a custom header without a CORS preflight the suite never grants, so a forged request
 * never uses it. API clients send no header and keep the JSON body exactly as before. (Not an
 * {@code X-Konfig-*} name: the gateway drops those from clients as identity claims.)
 */
@Component
class RefreshCookies {

	static final String HEADER = "X-Refresh-Cookie";

	static final String NAME = "konfig_refresh";

	static final List<String> PATHS = List.of("/api/v1/auth/refresh", "/api/v1/auth/logout");

	private final Duration lifetime;

	RefreshCookies(AuthProperties properties) {
		this.lifetime = properties.refreshTokenTtl();
	}

	/** Whether the client asked for the cookie (and may send it). */
	boolean requested(ServerWebExchange exchange) {
		String value = exchange.getRequest().getHeaders().getFirst(HEADER);
		return value != null && !"false".equalsIgnoreCase(value.strip()) && !"0".equals(value.strip());
	}

	/** Moves the refresh token of an answer into the cookie when the client asked for it. */
	TokenResponse deliver(ServerWebExchange exchange, TokenResponse tokens) {
		if (!requested(exchange) || tokens.refreshToken() == null) {
			return tokens;
		}
		write(exchange, tokens.refreshToken(), this.lifetime);
		return new TokenResponse(tokens.accessToken(), null, tokens.tokenType(), tokens.expiresIn(), tokens.user(),
				tokens.tenantId(), tokens.tenantName());
	}

	/** The token of the body, else the cookie's when the client asked for the cookie. */
	String token(ServerWebExchange exchange, SessionRequests.RefreshRequest body) {
		if (body != null && StringUtils.hasText(body.refreshToken())) {
			return body.refreshToken();
		}
		if (requested(exchange)) {
			HttpCookie cookie = exchange.getRequest().getCookies().getFirst(NAME);
			if (cookie != null && StringUtils.hasText(cookie.getValue()) && cookie.getValue().length() <= 200) {
				return cookie.getValue();
			}
		}
		return null;
	}

	/** Removes the cookie from the browser (logout, or a refused refresh). */
	void clear(ServerWebExchange exchange) {
		if (requested(exchange)) {
			write(exchange, "", Duration.ZERO);
		}
	}

	private void write(ServerWebExchange exchange, String value, Duration maxAge) {
		for (String path : PATHS) {
			exchange.getResponse()
				.addCookie(ResponseCookie.from(NAME, value)
					.path(path)
					.httpOnly(true)
					.secure(true)
					.sameSite("Strict")
					.maxAge(maxAge)
					.build());
		}
	}

}
