package dev.konfig.file.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.file.FileIntegrationTest;
import dev.konfig.file.Images;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files brought by the importer, on the real PostgreSQL and a real storage root: copied or
 * referenced with their ids, hashed, image facts read, downloadable byte for byte, deduplicated
 * per organization, found again by a second run, left untouched by a dry run; a missing file or
 * another organization's id leaves nothing behind.
 */
class FileImportIntegrationTests extends FileIntegrationTest {

	private static final String IMPORTER = tokens.service("importer");

	@Test
	void aCopiedFileKeepsItsIdAndIsDownloadedByteForByteWithItsImageFacts() {
		UUID org = organization();
		UUID id = UUID.randomUUID();
		byte[] png = Images.png(640, 480, 11811);

		copy(id, org, png, true).expectStatus().isCreated().expectBody().jsonPath("$.width_px").isEqualTo(640);
		assertThat(number("SELECT count(*) FROM file.files WHERE id = ?", id)).isZero();
		assertThat(blobsOf(org)).isEmpty();

		copy(id, org, png, false).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.outcome").isEqualTo("imported")
			.jsonPath("$.sha256").isEqualTo(sha256(png))
			.jsonPath("$.mime_type").isEqualTo("image/png")
			.jsonPath("$.height_px").isEqualTo(480);
		copy(id, org, png, false).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("already_there");

		assertThat(download(id, org)).isEqualTo(png);
		assertThat(usage(org)[0]).isEqualTo(png.length);
		assertThat(usage(org)[2]).isEqualTo(1);
		assertThat(number("SELECT count(*) FROM file.files WHERE id = ? AND dpi_x BETWEEN 299 AND 301 AND created_at = "
				+ "'2024-02-03T04:05:06Z'", id)).isEqualTo(1);
		assertThat(number("SELECT count(*) FROM file.outbox WHERE payload ->> 'event_type' = 'file.imported' "
				+ "AND payload ->> 'entity_id' = ?", id.toString())).isEqualTo(1);
	}

	@Test
	void theSameBytesUnderAnotherIdAreNamedAsTheFileThatHoldsThem() {
		UUID org = organization();
		UUID first = UUID.randomUUID();
		byte[] png = Images.png(32, 32, 3780, 6, 7);
		copy(first, org, png, false).expectStatus().isCreated();
		UUID second = UUID.randomUUID();

		copy(second, org, png, false).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome").isEqualTo("already_there")
			.jsonPath("$.duplicate_of").isEqualTo(first.toString());

		assertThat(number("SELECT count(*) FROM file.files WHERE id = ?", second)).isZero();
		assertThat(blobsOf(org)).hasSize(1);
	}

	@Test
	void aReferencedFileStaysWhereItIsAndIsServedFromTheStorage() throws IOException {
		UUID org = organization();
		UUID id = UUID.randomUUID();
		byte[] jpeg = Images.jpegJfif(300, 200, 1, 300, 300);
		Path nas = REFERENCE_ROOT.resolve("shop/designs/" + id + ".jpg");
		Files.createDirectories(nas.getParent());
		Files.write(nas, jpeg);

		reference(id, org, "/shop/designs/" + id + ".jpg").expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.width_px").isEqualTo(300);
		reference(id, org, "/shop/designs/" + id + ".jpg").expectStatus().isOk();

		assertThat(Files.exists(nas)).isTrue();
		assertThat(blobsOf(org)).hasSize(1);
		assertThat(Files.isSameFile(blobsOf(org).get(0), nas)).isTrue();
		assertThat(download(id, org)).isEqualTo(jpeg);
	}

	@Test
	void aMissingFileAnEscapeAndAnotherOrganizationsIdLeaveNothing() {
		UUID org = organization();
		UUID missing = UUID.randomUUID();
		reference(missing, org, "/nowhere/" + missing + ".png").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).contains("No file at"));
		reference(missing, org, "../../etc/passwd").expectStatus().isEqualTo(422);
		assertThat(number("SELECT count(*) FROM file.files WHERE id = ?", missing)).isZero();

		UUID id = UUID.randomUUID();
		copy(id, org, Images.png(8, 8, 0, 2, 3), false).expectStatus().isCreated();
		UUID other = organization();
		copy(id, other, Images.png(8, 8, 0, 2, 4), false).expectStatus().isEqualTo(409);
		assertThat(blobsOf(other)).isEmpty();
		// Temporary files are named by their upload's id; other tests' resumable uploads may keep theirs.
		assertThat(temporaryFiles()).extracting(path -> path.getFileName().toString())
			.doesNotContain(missing.toString(), id.toString());
		copyRequest(UUID.randomUUID(), org, new byte[] { 1 }, false).header("Authorization", "Bearer " + member(org))
			.exchange()
			.expectStatus()
			.isForbidden();
		// Another service has no business registering files under ids of its choosing.
		copyRequest(UUID.randomUUID(), org, new byte[] { 1 }, false).header("Authorization", "Bearer " + service())
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private byte[] download(UUID id, UUID org) {
		return this.http.get()
			.uri("/api/v1/files/" + id + "/content")
			.headers(headers -> headers.setBearerAuth(member(org)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec copy(UUID id, UUID org, byte[] bytes, boolean dryRun) {
		return copyRequest(id, org, bytes, dryRun).header("Authorization", "Bearer " + IMPORTER).exchange();
	}

	private WebTestClient.RequestHeadersSpec<?> copyRequest(UUID id, UUID org, byte[] bytes, boolean dryRun) {
		return this.http.post()
			.uri(builder -> builder.path("/internal/import/files")
				.queryParam("id", id)
				.queryParam("organization_id", org)
				.queryParam("filename", "design.png")
				.queryParam("created_at", "2024-02-03T04:05:06Z")
				.queryParam("legacy_path", "/mnt/nas/design.png")
				.queryParam("dry_run", dryRun)
				.build())
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes);
	}

	private WebTestClient.ResponseSpec reference(UUID id, UUID org, String path) {
		return this.http.post()
			.uri("/internal/import/files/reference")
			.headers(headers -> headers.setBearerAuth(IMPORTER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("id", id, "organization_id", org, "path", path, "filename", "design.jpg", "created_at",
					"2024-02-03T04:05:06Z"))
			.exchange();
	}

}
