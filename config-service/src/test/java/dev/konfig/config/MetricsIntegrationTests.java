package dev.konfig.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The scraper's view: Prometheus text with the suite's own meters, without a token. */
class MetricsIntegrationTests extends ConfigIntegrationTest {

	@Test
	void servesPrometheusMetricsWithTheOutboxBacklogAndTheWatchers() {
		String metrics = this.http.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(metrics).contains("konfig_outbox_backlog ", "konfig_outbox_backlog_age_seconds ",
				"konfig_config_watchers ", "r2dbc_pool_acquired_connections");
	}

}
