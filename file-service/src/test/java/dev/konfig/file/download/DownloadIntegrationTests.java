package dev.konfig.file.download;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.konfig.file.FileIntegrationTest;
import dev.konfig.file.Images;

import static org.assertj.core.api.Assertions.assertThat;

/** FS-14 over real HTTP, from a real file. */
class DownloadIntegrationTests extends FileIntegrationTest {

	@Test
	void servesTheWholeFileWithItsHeaders() {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(40, 40, 11811, 6, 201);
		Map<String, Object> file = stored(token, "design", "Caf\u00e9 \"menu\".png", png);
		EntityExchangeResult<byte[]> result = get(token, "/api/v1/files/" + file.get("id") + "/download", null)
			.expectStatus().isOk()
			.expectHeader().contentType("image/png")
			.expectHeader().contentLength(png.length)
			.expectHeader().valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache")
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader().exists(HttpHeaders.LAST_MODIFIED)
			.expectHeader().valueEquals(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"Caf_ _menu_.png\"; filename*=UTF-8''Caf%C3%A9%20%22menu%22.png")
			.expectBody(byte[].class)
			.returnResult();
		assertThat(result.getResponseBody()).isEqualTo(png);
	}

	@Test
	void servesRangesAndRefusesOnesBeyondTheEnd() {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(60, 60, 11811, 6, 202);
		String path = "/api/v1/files/" + stored(token, "design", "a.png", png).get("id") + "/content";
		byte[] part = get(token, path, headers -> headers.set(HttpHeaders.RANGE, "bytes=10-19"))
			.expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
			.expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 10-19/" + png.length)
			.expectHeader().contentLength(10)
			.expectBody(byte[].class).returnResult().getResponseBody();
		assertThat(part).isEqualTo(Arrays.copyOfRange(png, 10, 20));
		byte[] tail = get(token, path, headers -> headers.set(HttpHeaders.RANGE, "bytes=-7"))
			.expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
			.expectBody(byte[].class).returnResult().getResponseBody();
		assertThat(tail).isEqualTo(Arrays.copyOfRange(png, png.length - 7, png.length));
		get(token, path, headers -> headers.set(HttpHeaders.RANGE, "bytes=999999999-"))
			.expectStatus().isEqualTo(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
			.expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */" + png.length);
		// Several ranges, or a malformed one: the whole file.
		get(token, path, headers -> headers.set(HttpHeaders.RANGE, "bytes=0-1,4-5")).expectStatus().isOk()
			.expectHeader().contentLength(png.length);
		get(token, path, headers -> headers.set(HttpHeaders.RANGE, "bytes=x-y")).expectStatus().isOk();
	}

	@Test
	void answersNotModifiedAndHonoursIfRange() {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(30, 30, 11811, 6, 203);
		String path = "/api/v1/files/" + stored(token, "design", "a.png", png).get("id") + "/content";
		String etag = "\"sha256:" + sha256(png) + "\"";
		get(token, path, headers -> headers.set(HttpHeaders.IF_NONE_MATCH, etag))
			.expectStatus().isNotModified()
			.expectHeader().valueEquals(HttpHeaders.ETAG, etag)
			.expectBody().isEmpty();
		get(token, path, headers -> headers.set(HttpHeaders.IF_NONE_MATCH, "*")).expectStatus().isNotModified();
		get(token, path, headers -> headers.set(HttpHeaders.IF_NONE_MATCH, "\"sha256:other\"")).expectStatus().isOk();
		get(token, path, headers -> {
			headers.set(HttpHeaders.RANGE, "bytes=0-3");
			headers.set(HttpHeaders.IF_RANGE, etag);
		}).expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT);
		get(token, path, headers -> {
			headers.set(HttpHeaders.RANGE, "bytes=0-3");
			headers.set(HttpHeaders.IF_RANGE, "\"sha256:stale\"");
		}).expectStatus().isOk().expectHeader().contentLength(png.length);
	}

	@Test
	void headAnswersTheHeadersWithoutABody() {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(30, 30, 11811, 6, 204);
		String path = "/api/v1/files/" + stored(token, "design", "a.png", png).get("id") + "/content";
		this.http.head()
			.uri(path)
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentLength(png.length)
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"sha256:" + sha256(png) + "\"")
			.expectBody().isEmpty();
	}

	@Test
	void inlineOnlyForSafeTypesAndSvgIsSandboxed() {
		UUID organization = organization();
		String token = member(organization);
		String png = "/api/v1/files/" + stored(token, "design", "a.png", Images.png(8, 8, 0, 6, 205)).get("id")
				+ "/content?disposition=inline";
		get(token, png, null).expectHeader().value(HttpHeaders.CONTENT_DISPOSITION,
				value -> assertThat(value).startsWith("inline;"));
		byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes();
		String svgPath = "/api/v1/files/" + stored(token, "design", "x.svg", svg).get("id") + "/content?disposition=inline";
		get(token, svgPath, null).expectStatus().isOk()
			.expectHeader().value(HttpHeaders.CONTENT_DISPOSITION, value -> assertThat(value).startsWith("attachment;"))
			.expectHeader().valueEquals("Content-Security-Policy", "sandbox");
	}

	@Test
	void refusesFilesThatAreNotReady() {
		UUID organization = organization();
		String token = member(organization);
		Object id = stored(token, "design", "a.png", Images.png(8, 8, 0, 6, 206)).get("id");
		this.http.delete().uri("/api/v1/files/{id}", id).headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectStatus().isNoContent();
		get(token, "/api/v1/files/" + id + "/content", null).expectStatus().isEqualTo(HttpStatus.CONFLICT)
			.expectBody().jsonPath("$.detail").isEqualTo("The file is archived; restore it first");
	}

	@Test
	void aMissingBlobIsAProblemNotAStackTrace() throws Exception {
		UUID organization = organization();
		String token = member(organization);
		Object id = stored(token, "design", "a.png", Images.png(8, 8, 0, 6, 207)).get("id");
		for (Path blob : blobsOf(organization)) {
			Files.delete(blob);
		}
		get(token, "/api/v1/files/" + id + "/content", null).expectStatus().isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
			.expectBody().jsonPath("$.detail").isEqualTo("file content is missing");
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec get(String token, String path,
			java.util.function.Consumer<HttpHeaders> more) {
		return this.http.get().uri(path).headers(headers -> {
			headers.setBearerAuth(token);
			if (more != null) {
				more.accept(headers);
			}
		}).exchange();
	}

}
