package dev.konfig.file.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import dev.konfig.file.FileIntegrationTest;
import dev.konfig.file.Images;
import dev.konfig.file.sweep.StorageSweep;
import dev.konfig.platform.test.OutboxRows;

import static org.assertj.core.api.Assertions.assertThat;

/** The internal endpoints, the organization purge and the sweeps. */
class InternalIntegrationTests extends FileIntegrationTest {

	@Autowired
	StorageSweep sweep;

	@Test
	void servicesReadStoreAndDeleteFilesOfANamedOrganization() {
		UUID organization = organization();
		byte[] sheet = Images.png(100, 50, 15748, 6, 401);
		Map<?, ?> stored = this.http.post()
			.uri("/internal/files?organization_id={org}&file_type=print_file&filename=sheet-1.png&metadata={metadata}",
					organization, "{\"job_id\":\"j-1\",\"sheet_index\":0}")
			.headers(headers -> headers.setBearerAuth(service()))
			.contentType(MediaType.IMAGE_PNG)
			.bodyValue(sheet)
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(stored.get("created_by_type")).isEqualTo("service");
		assertThat(stored.get("created_by")).isEqualTo("print-service");
		assertThat(stored.get("metadata")).isEqualTo(Map.of("job_id", "j-1", "sheet_index", 0));
		Object id = stored.get("id");
		this.http.get().uri("/internal/files/{id}?organization_id={org}", id, organization)
			.headers(headers -> headers.setBearerAuth(service())).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.image.dpi_x").isEqualTo(400);
		byte[] bytes = this.http.get().uri("/internal/files/{id}/content?organization_id={org}", id, organization)
			.headers(headers -> headers.setBearerAuth(service())).exchange()
			.expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
		assertThat(bytes).isEqualTo(sheet);
		// Another organization named: not found.
		this.http.get().uri("/internal/files/{id}?organization_id={org}", id, UUID.randomUUID())
			.headers(headers -> headers.setBearerAuth(service())).exchange().expectStatus().isNotFound();
		this.http.get().uri("/internal/files/{id}", id).headers(headers -> headers.setBearerAuth(service())).exchange()
			.expectStatus().isBadRequest();
		// Users never reach /internal/**.
		this.http.get().uri("/internal/files/{id}?organization_id={org}", id, organization)
			.headers(headers -> headers.setBearerAuth(member(organization))).exchange().expectStatus().isForbidden();
		this.http.post().uri("/internal/files/{id}/reanalyze?organization_id={org}", id, organization)
			.headers(headers -> headers.setBearerAuth(service())).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ready")
			.jsonPath("$.image.width_px").isEqualTo(100);
		this.http.delete().uri("/internal/files/{id}?organization_id={org}", id, organization)
			.headers(headers -> headers.setBearerAuth(service())).exchange().expectStatus().isNoContent();
		assertThat(blobsOf(organization)).isEmpty();
	}

	@Test
	void answersUsageInTheShapeTenantServiceReads() {
		UUID organization = organization();
		UUID empty = organization();
		String token = member(organization);
		byte[] design = Images.png(8, 8, 0, 6, 410);
		stored(token, "design", "a.png", design);
		this.http.post().uri("/internal/usage").headers(headers -> headers.setBearerAuth(service()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organization_ids", List.of(organization, empty)))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.items[0].organization_id").isEqualTo(organization.toString())
			.jsonPath("$.items[0].total_files").isEqualTo(1)
			.jsonPath("$.items[0].total_bytes").isEqualTo(design.length)
			.jsonPath("$.items[0].by_type.design.count").isEqualTo(1)
			.jsonPath("$.items[0].archived.count").isEqualTo(0)
			.jsonPath("$.items[0].quota_bytes").isNumber()
			.jsonPath("$.items[1].organization_id").isEqualTo(empty.toString())
			.jsonPath("$.items[1].total_files").isEqualTo(0);
		this.http.get().uri("/internal/usage/totals").headers(headers -> headers.setBearerAuth(service())).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.files").isNumber()
			.jsonPath("$.organizations_with_files").isNumber();
		this.http.post().uri("/internal/usage").headers(headers -> headers.setBearerAuth(service()))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("organization_ids", "x")).exchange()
			.expectStatus().isBadRequest();
	}

	@Test
	void forgetsADeletedOrganizationOnceWhateverTheRedeliveries() {
		UUID organization = organization();
		String token = member(organization);
		stored(token, "design", "a.png", Images.png(8, 8, 0, 6, 420));
		stored(token, "mockup", "b.png", Images.png(8, 8, 0, 6, 421));
		assertThat(blobsOf(organization)).hasSize(2);
		String eventId = UUID.randomUUID().toString();
		Map<String, Object> event = Map.of("id", eventId, "organization_id", organization.toString(), "occurred_at",
				Instant.now().toString(), "event_type", "organization.deleted", "entity_type", "organization",
				"entity_id", organization.toString(), "outcome", "success", "event_data", Map.of());
		for (int delivery = 0; delivery < 2; delivery++) {
			this.http.post().uri("/internal/events").headers(headers -> headers.setBearerAuth(tokens.service("tenant-service")))
				.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("events", List.of(event))).exchange()
				.expectStatus().is2xxSuccessful();
		}
		assertThat(number("SELECT count(*) FROM file.files WHERE organization_id = ?", organization)).isZero();
		assertThat(number("SELECT count(*) FROM file.org_usage WHERE organization_id = ?", organization)).isZero();
		assertThat(ROOT.resolve(organization.toString())).doesNotExist();
		List<Map<String, Object>> purged = OutboxRows.where("file", "payload->>'event_type' = 'files.purged' "
				+ "AND payload->>'organization_id' = ?", organization.toString());
		assertThat(purged).hasSize(1);
		assertThat(((Map<?, ?>) purged.get(0).get("event_data")).get("files")).isEqualTo(2);
	}

	@Test
	void theSweepAbandonsAStalledUploadAndReleasesItsReservation() throws Exception {
		UUID organization = organization();
		UUID stalled = UUID.randomUUID();
		execute("INSERT INTO file.org_usage (organization_id, reserved_bytes, reserved_files) VALUES (?, 1000, 1)",
				organization);
		execute("INSERT INTO file.files (id, organization_id, file_type, status, filename, original_filename, "
				+ "file_path, file_size, reserved_bytes, received_bytes, updated_at) VALUES (?, ?, 'design', "
				+ "'uploading', 'a.png', 'a.png', 'x', 1000, 1000, 10, now() - interval '2 hours')", stalled,
				organization);
		Path temp = ROOT.resolve(".tmp").resolve(stalled.toString());
		Files.write(temp, new byte[10]);
		assertThat(this.sweep.sweepUploads().block()).isGreaterThanOrEqualTo(1);
		assertThat(number("SELECT count(*) FROM file.files WHERE id = ? AND status = 'failed' "
				+ "AND error = 'upload abandoned'", stalled)).isEqualTo(1);
		assertThat(usage(organization)).containsExactly(0, 0, 0, 0);
		assertThat(temp).doesNotExist();
		assertThat(OutboxRows.forEntity("file", stalled)).extracting(row -> row.get("event_type"))
			.containsExactly("file.upload_failed");
	}

	@Test
	void theOrphanSweepRemovesBlobsWithoutARowAndReportsRowsWithoutABlob() throws Exception {
		UUID organization = organization();
		Object id = stored(member(organization), "design", "a.png", Images.png(8, 8, 0, 6, 430)).get("id");
		Path orphan = ROOT.resolve(organization.toString()).resolve("design/2020/01").resolve(UUID.randomUUID().toString());
		Files.createDirectories(orphan.getParent());
		Files.write(orphan, new byte[] { 1, 2, 3 });
		Files.setLastModifiedTime(orphan, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(7200)));
		Path young = orphan.resolveSibling(UUID.randomUUID().toString());
		Files.write(young, new byte[] { 4 });
		assertThat(this.sweep.sweepOrphans().block()).isGreaterThanOrEqualTo(1);
		assertThat(orphan).doesNotExist();
		assertThat(young).exists();
		assertThat(blobsOf(organization)).hasSize(2);
		for (Path blob : blobsOf(organization)) {
			if (blob.getFileName().toString().equals(id.toString())) {
				Files.delete(blob);
			}
		}
		this.sweep.sweepOrphans().block();
		assertThat(this.sweep.missingBlobs()).isGreaterThanOrEqualTo(1);
		assertThat(number("SELECT count(*) FROM file.files WHERE id = ?::uuid", id.toString())).isEqualTo(1);
	}

}
