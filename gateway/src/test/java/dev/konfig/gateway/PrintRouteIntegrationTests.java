package dev.konfig.gateway;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

/**
 * print-service's routes and the print:agent scope (AG-1): agent paths need it, and a key that
 * carries only it reaches nothing else.
 */
class PrintRouteIntegrationTests extends GatewayIntegrationTest {

	@ParameterizedTest
	@CsvSource({ "/api/v1/printers, /api/v1/printers", "/api/printers/default/get, /api/v1/printers/default/get",
			"/api/v1/canvas-configs, /api/v1/canvas-configs", "/api/print-jobs/search, /api/v1/print-jobs/search",
			"/api/v1/print-agents, /api/v1/print-agents", "/api/v1/print-jobs/stream, /api/v1/print-jobs/stream" })
	void routesPrintPathsToPrintService(String path, String upstreamPath) {
		this.http.get()
			.uri(path)
			.headers(headers -> headers.setBearerAuth(userToken()))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.path").isEqualTo(upstreamPath)
			.jsonPath("$.headers.host[0]").isEqualTo(printService.baseUrl().substring("http://".length()));
	}

	@Test
	void agentKeysReachAgentPathsOnly() {
		String agent = apiKey("print:agent");
		claim("/api/v1/print-agent/claims", agent).expectStatus().isOk().expectBody()
			.jsonPath("$.path").isEqualTo("/api/v1/print-agent/claims");
		claim("/api/print-agent/claims", agent).expectStatus().isOk().expectBody()
			.jsonPath("$.path").isEqualTo("/api/v1/print-agent/claims");
		this.http.get().uri("/api/v1/printers").header("X-API-Key", agent).exchange().expectStatus().isForbidden();
		this.http.get().uri("/api/v1/namespaces").header("X-API-Key", agent).exchange().expectStatus().isForbidden();
	}

	@Test
	void usersAndOrdinaryKeysAreRefusedOnAgentPaths() {
		this.http.post().uri("/api/v1/print-agent/claims")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
			.exchange().expectStatus().isForbidden();
		claim("/api/v1/print-agent/claims", apiKey("read", "write")).expectStatus().isForbidden();
		claim("/api/print-agent/heartbeat", apiKey("read", "write")).expectStatus().isForbidden();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec claim(String path, String key) {
		return this.http.post().uri(path).header("X-API-Key", key).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}").exchange();
	}

}
