package dev.konfig.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console at {@code /}: its client-side routes fall back to index.html (revalidated, with a
 * strict Content-Security-Policy), its hashed assets are cached for a year, and the API's paths
 * answer exactly as without it.
 */
class ConsoleIntegrationTests extends GatewayIntegrationTest {

	@Test
	void servesTheApplicationAtTheRootWithAStrictPolicy() {
		String body = this.http.get()
			.uri("/")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
			.expectHeader().value("Content-Security-Policy", policy -> assertThat(policy)
				.contains("script-src 'self';", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
				.doesNotContain("unsafe-eval"))
			.expectHeader().valueEquals("X-Frame-Options", "DENY")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("<div id=\"root\">").doesNotContain("<script>");
	}

	@Test
	void clientSideRoutesFallBackToIndexHtml() {
		for (String route : new String[] { "/namespaces/payments", "/admin", "/print-jobs/queue" }) {
			this.http.get()
				.uri(route)
				.exchange()
				.expectStatus().isOk()
				.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
				.expectHeader().exists("Content-Security-Policy")
				.expectBody(String.class)
				.value(body -> assertThat(body).contains("<div id=\"root\">"));
		}
	}

	@Test
	void revalidatesIndexHtmlWithItsEtag() {
		String etag = this.http.get().uri("/").exchange().returnResult(String.class).getResponseHeaders().getETag();
		assertThat(etag).isNotBlank();

		this.http.get().uri("/").header(HttpHeaders.IF_NONE_MATCH, etag).exchange().expectStatus().isNotModified();
	}

	@Test
	void cachesHashedAssetsForAYear() throws IOException {
		String entry = entryScript();

		this.http.get()
			.uri("/" + entry)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).contains("javascript"))
			.expectHeader().value(HttpHeaders.CACHE_CONTROL,
					cache -> assertThat(cache).contains("max-age=31536000", "immutable", "public"));
		this.http.get().uri("/assets/not-built-1234.js").exchange().expectStatus().isNotFound();
		// The build's manifest and other dot files are not served.
		this.http.get().uri("/.vite/manifest.json").exchange().expectStatus().isNotFound();
	}

	@Test
	void leavesTheApiPathsAsTheyWere() {
		this.http.get()
			.uri("/api/v1/namespaces")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader().doesNotExist("Content-Security-Policy");
		this.http.get()
			.uri("/api/v1/no-such-resource")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken())
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.http.get()
			.uri("/actuator/nothing-here")
			.exchange()
			.expectHeader().doesNotExist("Content-Security-Policy");
		// A write to a console path is no page.
		this.http.post().uri("/namespaces").exchange().expectStatus().value(status -> assertThat(status).isNotEqualTo(200));
	}

	private static String entryScript() throws IOException {
		try (InputStream in = new ClassPathResource("konfig-console/index.html").getInputStream()) {
			String index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			Matcher script = Pattern.compile("src=\"/(assets/[^\"]+\\.js)\"").matcher(index);
			assertThat(script.find()).as("index.html names its entry script").isTrue();
			return script.group(1);
		}
	}

}
