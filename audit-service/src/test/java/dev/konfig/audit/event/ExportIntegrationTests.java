package dev.konfig.audit.event;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class ExportIntegrationTests extends AuditIntegrationTest {

	private static final int ROWS = 20_000;

	@LocalServerPort
	int port;

	@Test
	void streamsManyThousandRowsAsCsvAndRecordsTheExport() throws Exception {
		UUID organization = UUID.randomUUID();
		Instant base = Instant.parse("2026-01-01T00:00:00Z");
		// Written directly: the export reads rows, whatever their hashes.
		try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO audit.events (id, organization_id, sequence, occurred_at, event_type, "
					+ "entity_type, entity_id, actor_id, actor_type, outcome, event_data, hash) "
					+ "SELECT gen_random_uuid(), '" + organization + "', g, timestamptz '" + base
					+ "' + g * interval '1 second', CASE WHEN g % 2 = 0 THEN 'config.updated' ELSE 'user.created' END, "
					+ "'config', 'c' || g, 'actor', 'user', 'success', jsonb_build_object('n', g, 'note', 'a, \"b\"'), 'x' "
					+ "FROM generate_series(1, " + ROWS + ") g");
		}
		String token = admin(organization);

		var result = this.http.get()
			.uri("/api/v1/events/export?format=csv&event_type=config.&from=" + base + "&to=" + base.plusSeconds(ROWS + 1))
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/csv")
			// Streamed: no length known up front, the body goes out in chunks as rows arrive.
			.expectHeader()
			.doesNotExist(HttpHeaders.CONTENT_LENGTH)
			.expectHeader()
			.valueEquals(HttpHeaders.TRANSFER_ENCODING, "chunked")
			.expectBody(byte[].class)
			.returnResult();

		String[] lines = new String(result.getResponseBody(), StandardCharsets.UTF_8).split("\n");
		assertThat(lines).hasSize(ROWS / 2 + 1);
		assertThat(lines[0]).startsWith("id,organization_id,sequence,occurred_at");
		assertThat(lines[1]).contains(",2,", "config.updated", "\"{\"\"n\"\": 2, \"\"note\"\": \"\"a, \\\"\"b\\\"\"\"\"}\"");
		assertThat(IngestionIntegrationTests.count("SELECT count(*) FROM audit.events WHERE organization_id = '"
				+ organization + "' AND event_type = 'audit.exported' AND event_data->>'format' = 'csv' "
				+ "AND event_data->'filters'->>'event_type' = 'config.'")).isEqualTo(1);
	}

	@Test
	void keepsTheHeapFlatWhileStreamingALargeExport() throws Exception {
		UUID organization = UUID.randomUUID();
		Instant base = Instant.parse("2026-02-01T00:00:00Z");
		String pad = "p".repeat(1000);
		try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO audit.events (id, organization_id, sequence, occurred_at, event_type, "
					+ "outcome, event_data, hash) SELECT gen_random_uuid(), '" + organization + "', g, timestamptz '"
					+ base + "' + g * interval '1 second', 'config.updated', 'success', "
					+ "jsonb_build_object('n', g, 'pad', '" + pad + "'), 'x' FROM generate_series(1, " + ROWS + ") g");
		}
		String token = admin(organization);
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		long baseline = memory.getHeapMemoryUsage().getUsed();
		AtomicLong bytes = new AtomicLong();
		AtomicLong lines = new AtomicLong();
		AtomicLong growthMidway = new AtomicLong(-1);
		long midway = 10L * 1024 * 1024;

		try {
			client.get()
				.uri("/api/v1/events/export?format=csv&from=" + base + "&to=" + base.plusSeconds(ROWS + 1))
				.headers(headers -> headers.setBearerAuth(token))
				.retrieve()
				.bodyToFlux(DataBuffer.class)
				.doOnNext(buffer -> {
					byte[] chunk = new byte[buffer.readableByteCount()];
					buffer.read(chunk);
					DataBufferUtils.release(buffer);
					for (byte b : chunk) {
						if (b == '\n') {
							lines.incrementAndGet();
						}
					}
					if (bytes.addAndGet(chunk.length) > midway && growthMidway.get() < 0) {
						// Had the service read every row before writing, they would all be live now.
						System.gc();
						growthMidway.set(memory.getHeapMemoryUsage().getUsed() - baseline);
					}
				})
				.blockLast(Duration.ofSeconds(120));

			assertThat(lines.get()).isEqualTo(ROWS + 1);
			assertThat(bytes.get()).isGreaterThan(ROWS * 1000L);
			assertThat(growthMidway.get()).isBetween(Long.MIN_VALUE, bytes.get() / 4);
		}
		finally {
			// Bulk rows of this test only; the superuser lifts append-only for them, atomically.
			try (Connection connection = TestDatabase.get().connect()) {
				connection.setAutoCommit(false);
				try (Statement statement = connection.createStatement()) {
					statement.execute("ALTER TABLE audit.events DISABLE TRIGGER events_append_only");
					statement.execute("DELETE FROM audit.events WHERE organization_id = '" + organization + "'");
					statement.execute("ALTER TABLE audit.events ENABLE TRIGGER events_append_only");
				}
				connection.commit();
			}
		}
	}

	@Test
	void exportsNdjsonOneEventPerLine() {
		UUID organization = UUID.randomUUID();
		ingest(java.util.List.of(event(organization, "config.created"), event(organization, "config.updated")))
			.expectStatus()
			.isOk();

		UUID exporter = UUID.randomUUID();
		String token = tokens.user(exporter, organization, dev.konfig.platform.security.Role.ADMIN);
		byte[] body = this.http.get()
			.uri("/api/v1/events/export?format=ndjson&event_type=config.")
			.headers(headers -> {
				headers.setBearerAuth(token);
				headers.set("X-Forwarded-For", "198.51.100.23, 10.0.0.5");
				headers.set(HttpHeaders.USER_AGENT, "audit-exporter/1.0");
				headers.set("X-Request-Id", "export-request-1");
			})
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("application/x-ndjson")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();

		String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
		assertThat(lines).hasSize(2);
		assertThat(lines[0]).startsWith("{\"id\":").contains("\"event_type\":\"config.created\"", "\"sequence\":1");
		assertThat(lines[1]).contains("\"event_type\":\"config.updated\"");
		// The export is in the trail, with the exporter and the original client.
		this.http.get()
			.uri("/api/v1/events?event_type=audit.exported")
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].actor.id").isEqualTo(exporter.toString())
			.jsonPath("$[0].actor.type").isEqualTo("user")
			.jsonPath("$[0].ip_address").isEqualTo("198.51.100.23")
			.jsonPath("$[0].user_agent").isEqualTo("audit-exporter/1.0")
			.jsonPath("$[0].request_id").isEqualTo("export-request-1")
			.jsonPath("$[0].event_data.format").isEqualTo("ndjson")
			.jsonPath("$[0].sequence").isEqualTo(3);
	}

	@Test
	void refusesARangeOfMoreThanAYear() {
		this.http.get()
			.uri("/api/v1/events/export?from=2024-01-01T00:00:00Z&to=2025-01-02T00:00:00Z")
			.headers(headers -> headers.setBearerAuth(admin(UUID.randomUUID())))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("to");
	}

}
