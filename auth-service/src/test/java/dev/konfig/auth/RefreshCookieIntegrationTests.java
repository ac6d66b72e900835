package dev.konfig.auth;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's refresh cookie, beside the JSON body API clients keep using. */
class RefreshCookieIntegrationTests extends AuthIntegrationTest {

	private static final String HEADER = "X-Refresh-Cookie";

	@Test
	void loginWithTheHeaderSetsStrictHttpOnlyCookiesOnTheRefreshAndLogoutPathsOnly() {
		String email = uniqueEmail();
		register(email, uniqueName("Org"));

		EntityExchangeResult<Map<String, Object>> result = this.http.post()
			.uri("/api/v1/auth/login")
			.header(HEADER, "true")
			.header("X-Forwarded-For", randomAddress())
			.bodyValue(Map.of("email", email, "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult();

		assertThat(result.getResponseBody().get("access_token")).isNotNull();
		assertThat(result.getResponseBody().get("refresh_token")).isNull();
		List<String> cookies = result.getResponseHeaders().get(HttpHeaders.SET_COOKIE);
		assertThat(cookies).hasSize(2);
		// Netty spells the attribute "HTTPOnly"; attribute names are case-insensitive (RFC 6265).
		assertThat(cookies).allSatisfy(cookie -> assertThat(cookie.toLowerCase(java.util.Locale.ROOT))
			.startsWith("konfig_refresh=")
			.contains("; httponly", "; secure", "; samesite=strict", "; max-age="));
		assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).contains("Path=/api/v1/auth/refresh"));
		assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).contains("Path=/api/v1/auth/logout"));
	}

	@Test
	void apiClientsKeepTheRefreshTokenInTheBodyAndGetNoCookie() {
		this.http.post()
			.uri("/api/v1/auth/register")
			.bodyValue(Map.of("tenant_name", uniqueName("Org"), "email", uniqueEmail(), "password", PASSWORD,
					"full_name", "Api Client"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody()
			.jsonPath("$.refresh_token")
			.isNotEmpty();
	}

	@Test
	void refreshReadsTheCookieWhenTheBodyHasNoTokenAndRotatesIt() {
		String first = registerWithCookie();

		String second = cookieRefresh(first);

		assertThat(second).isNotEqualTo(first);
		// The rotated-away cookie is a reuse: refused, and the browser is told to drop it.
		List<String> cleared = this.http.post()
			.uri("/api/v1/auth/refresh")
			.header(HEADER, "true")
			.cookie("konfig_refresh", first)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.returnResult(String.class)
			.getResponseHeaders()
			.get(HttpHeaders.SET_COOKIE);
		assertThat(cleared).isNotEmpty().allSatisfy(cookie -> assertThat(cookie).contains("Max-Age=0"));
	}

	@Test
	void theCookieIsIgnoredWithoutTheHeader() {
		String token = registerWithCookie();

		this.http.post()
			.uri("/api/v1/auth/refresh")
			.cookie("konfig_refresh", token)
			.exchange()
			.expectStatus()
			.isBadRequest();
		// Still unused, so still good.
		cookieRefresh(token);
	}

	@Test
	void logoutWithTheCookieRevokesItAndClearsTheCookie() {
		String token = registerWithCookie();

		List<String> cleared = this.http.post()
			.uri("/api/v1/auth/logout")
			.header(HEADER, "true")
			.cookie("konfig_refresh", token)
			.exchange()
			.expectStatus()
			.isNoContent()
			.returnResult(Void.class)
			.getResponseHeaders()
			.get(HttpHeaders.SET_COOKIE);

		assertThat(cleared).hasSize(2).allSatisfy(cookie -> assertThat(cookie).startsWith("konfig_refresh=;")
			.contains("Max-Age=0"));
		this.http.post()
			.uri("/api/v1/auth/refresh")
			.header(HEADER, "true")
			.cookie("konfig_refresh", token)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	private String registerWithCookie() {
		List<String> cookies = this.http.post()
			.uri("/api/v1/auth/register")
			.header(HEADER, "true")
			.bodyValue(Map.of("tenant_name", uniqueName("Org"), "email", uniqueEmail(), "password", PASSWORD,
					"full_name", "Console User"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.refresh_token")
			.doesNotExist()
			.returnResult()
			.getResponseHeaders()
			.get(HttpHeaders.SET_COOKIE);
		return cookieValue(cookies);
	}

	private String cookieRefresh(String token) {
		List<String> cookies = this.http.post()
			.uri("/api/v1/auth/refresh")
			.header(HEADER, "true")
			.cookie("konfig_refresh", token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.access_token")
			.isNotEmpty()
			.returnResult()
			.getResponseHeaders()
			.get(HttpHeaders.SET_COOKIE);
		return cookieValue(cookies);
	}

	private static String cookieValue(List<String> setCookies) {
		assertThat(setCookies).isNotEmpty();
		String first = setCookies.get(0);
		return first.substring("konfig_refresh=".length(), first.indexOf(';'));
	}

}
