package dev.konfig.file.file;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import dev.konfig.file.FileIntegrationTest;
import dev.konfig.file.Images;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.Links;
import dev.konfig.platform.test.OutboxRows;

import static org.assertj.core.api.Assertions.assertThat;

/** Files as rows: isolation, search, edits with ETags, archive, restore, delete, stats (FS-9..FS-16). */
class FileApiIntegrationTests extends FileIntegrationTest {

	@Test
	void anotherOrganizationsFileIsNotFoundOnEveryEndpoint() {
		UUID owner = organization();
		Object id = stored(member(owner), "design", "a.png", Images.png(8, 8, 0, 6, 301)).get("id");
		String stranger = user(organization(), Role.OWNER);
		for (String path : List.of("/api/v1/files/" + id, "/api/v1/files/" + id + "/content",
				"/api/v1/files/" + id + "/download", "/api/v1/files/not-a-uuid", "/api/v1/files/" + UUID.randomUUID())) {
			this.http.get().uri(path).headers(headers -> headers.setBearerAuth(stranger)).exchange()
				.expectStatus().isNotFound();
		}
		this.http.patch().uri("/api/v1/files/" + id).headers(headers -> headers.setBearerAuth(stranger))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("filename", "x.png")).exchange()
			.expectStatus().isNotFound();
		this.http.delete().uri("/api/v1/files/" + id).headers(headers -> headers.setBearerAuth(stranger)).exchange()
			.expectStatus().isNotFound();
		this.http.delete().uri("/api/v1/files/" + id + "?permanent=true")
			.headers(headers -> headers.setBearerAuth(stranger)).exchange().expectStatus().isNotFound();
		this.http.post().uri("/api/v1/files/" + id + "/restore").headers(headers -> headers.setBearerAuth(stranger))
			.exchange().expectStatus().isNotFound();
		this.http.post().uri("/api/v1/files/lookup").headers(headers -> headers.setBearerAuth(stranger))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("ids", List.of(id))).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.items.length()").isEqualTo(0).jsonPath("$.missing[0]").isEqualTo(id);
		this.http.get().uri("/api/v1/files?sha256={sha}", sha256(Images.png(8, 8, 0, 6, 301)))
			.headers(headers -> headers.setBearerAuth(stranger)).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
		assertThat(blobsOf(owner)).hasSize(1);
	}

	@Test
	void searchesWithFiltersNewestFirstInPages() {
		UUID organization = organization();
		String token = member(organization);
		Object first = stored(token, "design", "Sunflower 100%_wrap.png", Images.png(8, 8, 0, 6, 310)).get("id");
		Object second = stored(token, "mockup", "sunflower mockup.png", Images.png(8, 8, 0, 6, 311)).get("id");
		Object third = stored(token, "export", "notes.bin", new byte[] { 1, 2, 3 }).get("id");
		this.http.get().uri("/api/v1/files?limit=2").headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectStatus().isOk()
			.expectHeader().value(HttpHeaders.LINK, link -> assertThat(link).contains("rel=\"next\""))
			.expectBody().jsonPath("$[0].id").isEqualTo(third).jsonPath("$[1].id").isEqualTo(second);
		String next = Links.nextLink(this.http.get().uri("/api/v1/files?limit=2")
			.headers(headers -> headers.setBearerAuth(token)).exchange().returnResult(String.class)
			.getResponseHeaders());
		this.http.get().uri(next).headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].id").isEqualTo(first);
		this.http.get().uri("/api/v1/files/search?filename_contains=SUNFLOWER&file_type=design,mockup")
			.headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectBody().jsonPath("$.length()").isEqualTo(2);
		this.http.get().uri("/api/v1/files?filename_contains={q}", "100%_")
			.headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].id").isEqualTo(first);
		this.http.get().uri("/api/v1/files?filename_contains={q}", "%")
			.headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectBody().jsonPath("$.length()").isEqualTo(1);
		this.http.get().uri("/api/v1/files?min_size=4&mime_type=image/png")
			.headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectBody().jsonPath("$.length()").isEqualTo(2);
	}

	@Test
	void refusesBadSearchParameters() {
		String token = member(organization());
		for (String query : List.of("sha256=abc", "created_after=yesterday",
				"created_after=2026-01-02T00:00:00Z&created_before=2026-01-01T00:00:00Z", "limit=0", "limit=201",
				"cursor=bogus", "file_type=poster", "status=gone", "min_size=-1", "min_size=5&max_size=4",
				"include_archived=yes")) {
			this.http.get().uri("/api/v1/files?" + query).headers(headers -> headers.setBearerAuth(token)).exchange()
				.expectStatus().isBadRequest();
		}
	}

	@Test
	void editsNameAndMetadataWithETags() {
		UUID organization = organization();
		String token = member(organization);
		Object id = stored(token, "design", "a.png", Images.png(8, 8, 0, 6, 320)).get("id");
		this.http.get().uri("/api/v1/files/{id}", id).headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
		this.http.get().uri("/api/v1/files/{id}", id).headers(headers -> {
			headers.setBearerAuth(token);
			headers.setIfNoneMatch("\"1\"");
		}).exchange().expectStatus().isNotModified();
		patch(token, id, "\"1\"", Map.of("filename", "../b.png", "metadata", Map.of("sku", "CW-1", "size", "L")))
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
			.expectBody().jsonPath("$.filename").isEqualTo("b.png").jsonPath("$.metadata.sku").isEqualTo("CW-1");
		java.util.Map<String, Object> removal = new java.util.HashMap<>();
		removal.put("size", null);
		patch(token, id, null, Map.of("metadata", removal)).expectStatus().isOk()
			.expectBody().jsonPath("$.metadata.size").doesNotExist().jsonPath("$.metadata.sku").isEqualTo("CW-1")
			.jsonPath("$.version").isEqualTo(3);
		patch(token, id, "\"1\"", Map.of("filename", "c.png")).expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED);
		patch(token, id, null, Map.of("status", "ready")).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].message").isEqualTo("is read-only; use DELETE or restore");
		patch(token, id, null, Map.of("sha256", "x")).expectStatus().isBadRequest();
		patch(token, id, null, Map.of("file_type", "mockup")).expectStatus().isBadRequest();
		patch(token, id, null, Map.of("metadata", "text")).expectStatus().isBadRequest();
		List<Map<String, Object>> events = OutboxRows.forEntity("file", id);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("file.uploaded", "file.updated", "file.updated");
	}

	@Test
	void archivesRestoresAndRefusesARestoreOverTheSameContent() {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(8, 8, 0, 6, 330);
		Object first = stored(token, "design", "a.png", png).get("id");
		delete(token, first, "").expectStatus().isNoContent();
		delete(token, first, "").expectStatus().isNoContent();
		this.http.get().uri("/api/v1/files").headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectBody().jsonPath("$.length()").isEqualTo(0);
		this.http.get().uri("/api/v1/files?include_archived=true").headers(headers -> headers.setBearerAuth(token))
			.exchange().expectBody().jsonPath("$[0].status").isEqualTo("archived");
		Object second = stored(token, "design", "b.png", png).get("id");
		this.http.post().uri("/api/v1/files/{id}/restore", first).headers(headers -> headers.setBearerAuth(token))
			.exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT)
			.expectBody().jsonPath("$.existing_file_id").isEqualTo(second);
		delete(token, second, "").expectStatus().isNoContent();
		this.http.post().uri("/api/v1/files/{id}/restore", first).headers(headers -> headers.setBearerAuth(token))
			.exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ready");
		assertThat(OutboxRows.forEntity("file", first)).extracting(event -> event.get("event_type"))
			.containsExactly("file.uploaded", "file.archived", "file.restored");
	}

	@Test
	void onlyAdminsDeleteForGoodAndTheBytesGo() {
		UUID organization = organization();
		String member = member(organization);
		byte[] png = Images.png(8, 8, 0, 6, 340);
		Object id = stored(member, "design", "a.png", png).get("id");
		delete(member, id, "?permanent=true").expectStatus().isForbidden();
		delete(apiKey(organization, "read", "write"), id, "?permanent=true").expectStatus().isForbidden();
		delete(member, id, "?permanent=yes").expectStatus().isBadRequest();
		List<Path> blobs = blobsOf(organization);
		assertThat(blobs).hasSize(1);
		delete(user(organization, Role.ADMIN), id, "?permanent=true").expectStatus().isNoContent();
		assertThat(blobs.get(0)).doesNotExist();
		assertThat(number("SELECT count(*) FROM file.files WHERE organization_id = ?", organization)).isZero();
		assertThat(usage(organization)).containsExactly(0, 0, 0, 0);
		this.http.get().uri("/api/v1/files/{id}", id).headers(headers -> headers.setBearerAuth(member)).exchange()
			.expectStatus().isNotFound();
		assertThat(OutboxRows.forEntity("file", id)).extracting(event -> event.get("event_type"))
			.containsExactly("file.uploaded", "file.deleted");
	}

	@Test
	void statsCountStoredFilesByTypeAndArchivedApart() {
		UUID organization = organization();
		String token = member(organization);
		byte[] design = Images.png(8, 8, 0, 6, 350);
		byte[] mockup = Images.png(9, 9, 0, 6, 351);
		stored(token, "design", "a.png", design);
		Object archived = stored(token, "mockup", "b.png", mockup).get("id");
		delete(token, archived, "").expectStatus().isNoContent();
		this.http.get().uri("/api/v1/files/stats/storage").headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.total_files").isEqualTo(1)
			.jsonPath("$.total_bytes").isEqualTo(design.length)
			.jsonPath("$.by_type.design.count").isEqualTo(1)
			.jsonPath("$.by_type.mockup.count").isEqualTo(0)
			.jsonPath("$.by_status.archived").isEqualTo(1)
			.jsonPath("$.archived.bytes").isEqualTo(mockup.length)
			.jsonPath("$.quota.used_bytes").isEqualTo(design.length + mockup.length)
			.jsonPath("$.quota.file_count").isEqualTo(2);
	}

	@Test
	void looksUpManyIdsAtOnce() {
		UUID organization = organization();
		String token = member(organization);
		Object a = stored(token, "design", "a.png", Images.png(8, 8, 0, 6, 360)).get("id");
		UUID unknown = UUID.randomUUID();
		this.http.post().uri("/api/v1/files/lookup").headers(headers -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("ids", List.of(a, unknown))).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.items[0].id").isEqualTo(a).jsonPath("$.missing[0]").isEqualTo(unknown.toString());
		this.http.post().uri("/api/v1/files/lookup").headers(headers -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("ids", List.of("nope"))).exchange()
			.expectStatus().isBadRequest();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec patch(String token, Object id,
			String ifMatch, Map<String, Object> body) {
		return this.http.patch().uri("/api/v1/files/{id}", id).headers(headers -> {
			headers.setBearerAuth(token);
			if (ifMatch != null) {
				headers.setIfMatch(ifMatch);
			}
		}).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec delete(String token, Object id,
			String query) {
		return this.http.delete().uri("/api/v1/files/" + id + query).headers(headers -> headers.setBearerAuth(token))
			.exchange();
	}

}
