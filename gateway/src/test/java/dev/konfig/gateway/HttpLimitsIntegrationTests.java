package dev.konfig.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused before the gateway's own code runs (by the HTTP server's limits or by
 * Spring Security's firewall) still answer with a problem. Sent with the JDK's client, which
 * passes paths and headers exactly as written.
 */
class HttpLimitsIntegrationTests extends GatewayIntegrationTest {

	private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void answersAnOverlongUrlWithAProblem() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/namespaces?q=" + "a".repeat(20_000))));
		assertProblem(response, 414);
	}

	@Test
	void answersOneOversizedHeaderWithAProblem() throws Exception {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(uri("/api/v1/namespaces")).header("X-Big", "b".repeat(40_000)));
		assertProblem(response, 431);
	}

	@Test
	void answersTooManyHeadersWithAProblem() throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/namespaces"));
		for (int i = 0; i < 500; i++) {
			request.header("X-Many-" + i, "v".repeat(80));
		}
		assertProblem(send(request), 431);
	}

	@ParameterizedTest
	@ValueSource(strings = { "//internal/api-keys/exchange", "/api/v1/namespaces/..;/..;/internal/x",
			"/api/v1/namespaces/%252e%252e/internal", "/api/v1/namespaces;jsessionid=1" })
	void answersFirewallRejectionsWithAProblem(String path) throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)));
		assertThat(response.statusCode()).isIn(400, 404);
		assertProblemBody(response, response.statusCode());
	}

	@Test
	void servesOrdinaryRequestsWithinTheLimits() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/namespaces?q=" + "a".repeat(2_000)))
			.header("Authorization", "Bearer " + userToken())
			.header("X-Fine", "f".repeat(4_000)));
		assertThat(response.statusCode()).isEqualTo(200);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertProblemBody(response, status);
	}

	private static void assertProblemBody(HttpResponse<String> response, int status) {
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(problem.path("detail").asString()).isNotBlank();
	}

}
