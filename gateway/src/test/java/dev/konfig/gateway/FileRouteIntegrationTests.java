package dev.konfig.gateway;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files route: file-service's paths and their alias, a body limit of its own far above the
 * default, while every other route keeps the default limit.
 */
class FileRouteIntegrationTests extends GatewayIntegrationTest {

	@Autowired
	RouteLocator routes;

	@ParameterizedTest
	@CsvSource({ "/api/v1/files, /api/v1/files", "/api/v1/files/42/content, /api/v1/files/42/content",
			"/api/files/42/download, /api/v1/files/42/download", "/api/v1/files/uploads/7, /api/v1/files/uploads/7",
			"/api/v1/admin/files/usage, /api/v1/admin/files/usage" })
	void routesFilePathsToFileService(String path, String upstreamPath) {
		this.http.get()
			.uri(path)
			.headers(headers -> headers.setBearerAuth(userToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo(upstreamPath)
			.jsonPath("$.headers.host[0]")
			.isEqualTo(fileService.baseUrl().substring("http://".length()));
	}

	@Test
	void passesAFileLargerThanTheDefaultLimitWhichOtherRoutesRefuse() {
		// Printable, so the stub's echo of it stays small enough to read back.
		byte[] body = new byte[MAX_REQUEST_SIZE * 2];
		java.util.Arrays.fill(body, (byte) 'a');
		this.http.post()
			.uri("/api/v1/files?file_type=design")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo("/api/v1/files");
		this.http.post()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(413);
	}

	@Test
	void refusesAFileOverTheFileLimitWithAProblem() {
		this.http.post()
			.uri("/api/files?file_type=design")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[MAX_FILE_SIZE + 1])
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void everyOtherRouteKeepsTheDefaultBodyLimit() {
		List<Route> all = this.routes.getRoutes().collectList().block();
		assertThat(all).isNotEmpty();
		for (Route route : all) {
			List<String> limits = route.getFilters()
				.stream()
				.map(Object::toString)
				.filter(filter -> filter.contains("RequestSize"))
				.toList();
			long expected = route.getId().equals("file-service") ? MAX_FILE_SIZE : MAX_REQUEST_SIZE;
			assertThat(limits).as("body limit of route %s", route.getId())
				.singleElement()
				.asString()
				.contains("max = " + expected);
		}
	}

}
