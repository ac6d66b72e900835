package dev.konfig.file.upload;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.file.FileIntegrationTest;
import dev.konfig.file.Images;

import static org.assertj.core.api.Assertions.assertThat;

/** tus 1.0 under /api/v1/files/uploads: core, creation, creation-with-upload, expiration, checksum, termination. */
class ResumableUploadIntegrationTests extends FileIntegrationTest {

	private static final MediaType CHUNK = MediaType.parseMediaType("application/offset+octet-stream");

	@Test
	void announcesTheProtocol() {
		this.http.options().uri("/api/v1/files/uploads").exchange()
			.expectStatus().isNoContent()
			.expectHeader().valueEquals("Tus-Version", "1.0.0")
			.expectHeader().value("Tus-Extension", value -> assertThat(value)
				.contains("creation", "creation-with-upload", "expiration", "checksum", "termination"))
			.expectHeader().valueEquals("Tus-Max-Size", Integer.toString(MAX_SIZE));
	}

	@Test
	void anInterruptedUploadResumesFromTheOffsetHeadReportsAndEndsByteIdentical() throws Exception {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.noisyPng(300, 200, 11811, 501);
		assertThat(png.length).isGreaterThan(100_000);
		String location = create(token, png.length, "design", "big design.png");
		int half = png.length / 2;
		// Half the bytes, then the connection drops.
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("PATCH " + location + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
					+ "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream"
					+ "\r\nContent-Length: " + png.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(png, 0, half);
			out.flush();
			Thread.sleep(500);
		}
		long offset = awaitStableOffset(token, location);
		assertThat(offset).isPositive().isLessThanOrEqualTo(half);
		this.http.patch().uri(location).headers(headers -> tus(headers, token, offset)).contentType(CHUNK)
			.bodyValue(Arrays.copyOfRange(png, (int) offset, png.length)).exchange()
			.expectStatus().isNoContent()
			.expectHeader().valueEquals("Upload-Offset", Integer.toString(png.length))
			.expectHeader().valueEquals(HttpHeaders.CONTENT_LOCATION, location.replace("/uploads", ""));
		String id = location.substring(location.lastIndexOf('/') + 1);
		byte[] downloaded = this.http.get().uri("/api/v1/files/{id}/content", id)
			.headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
		assertThat(downloaded).isEqualTo(png);
		this.http.get().uri("/api/v1/files/{id}", id).headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectBody()
			.jsonPath("$.sha256").isEqualTo(sha256(png))
			.jsonPath("$.filename").isEqualTo("big design.png")
			.jsonPath("$.image.dpi_x").isEqualTo(300);
		assertThat(usage(organization)).containsExactly(png.length, 0, 1, 0);
		assertThat(blobsOf(organization)).hasSize(1);
	}

	@Test
	void createsWithTheFirstChunkAndChecksEachChunk() throws Exception {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(80, 80, 2835, 6, 502);
		int first = 100;
		String location = this.http.post().uri("/api/v1/files/uploads")
			.headers(headers -> {
				headers.setBearerAuth(token);
				headers.set("Tus-Resumable", "1.0.0");
				headers.set("Upload-Length", Integer.toString(png.length));
				headers.set("Upload-Metadata", metadata("design", "a.png"));
			})
			.contentType(CHUNK)
			.bodyValue(Arrays.copyOf(png, first))
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().valueEquals("Upload-Offset", Integer.toString(first))
			.expectHeader().exists("Upload-Expires")
			.returnResult(Void.class).getResponseHeaders().getLocation().toString();
		byte[] rest = Arrays.copyOfRange(png, first, png.length);
		this.http.patch().uri(location).headers(headers -> {
			tus(headers, token, first);
			headers.set("Upload-Checksum", "sha256 " + Base64.getEncoder().encodeToString(new byte[32]));
		}).contentType(CHUNK).bodyValue(rest).exchange().expectStatus().isEqualTo(460);
		head(token, location).expectHeader().valueEquals("Upload-Offset", Integer.toString(first));
		this.http.patch().uri(location).headers(headers -> tus(headers, token, 0)).contentType(CHUNK).bodyValue(rest)
			.exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);
		String checksum = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(rest));
		this.http.patch().uri(location).headers(headers -> {
			tus(headers, token, first);
			headers.set("Upload-Checksum", "sha256 " + checksum);
		}).contentType(CHUNK).bodyValue(rest).exchange().expectStatus().isNoContent();
		head(token, location).expectStatus().isOk().expectHeader().valueEquals("Upload-Offset", Integer.toString(png.length));
	}

	@Test
	void theSameBytesAgainAreDeduplicated() {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(30, 30, 0, 6, 503);
		Object existing = stored(token, "design", "a.png", png).get("id");
		String location = create(token, png.length, "design", "b.png");
		this.http.patch().uri(location).headers(headers -> tus(headers, token, 0)).contentType(CHUNK).bodyValue(png)
			.exchange()
			.expectStatus().isNoContent()
			.expectHeader().valueEquals("X-Deduplicated", "true")
			.expectHeader().valueEquals("X-File-Id", existing.toString());
		assertThat(blobsOf(organization)).hasSize(1);
		assertThat(usage(organization)).containsExactly(png.length, 0, 1, 0);
	}

	@Test
	void reservesTheWholeLengthAtCreation() {
		UUID organization = organization();
		setQuota(organization, 1000);
		this.http.post().uri("/api/v1/files/uploads").headers(headers -> {
			headers.setBearerAuth(member(organization));
			headers.set("Tus-Resumable", "1.0.0");
			headers.set("Upload-Length", "5000");
			headers.set("Upload-Metadata", metadata("design", "a.png"));
		}).exchange().expectStatus().isEqualTo(HttpStatus.INSUFFICIENT_STORAGE);
		this.http.post().uri("/api/v1/files/uploads").headers(headers -> {
			headers.setBearerAuth(member(organization));
			headers.set("Tus-Resumable", "1.0.0");
			headers.set("Upload-Length", Integer.toString(MAX_SIZE + 1));
			headers.set("Upload-Metadata", metadata("design", "a.png"));
		}).exchange().expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		create(member(organization), 800, "design", "a.png");
		assertThat(usage(organization)[1]).isEqualTo(800);
	}

	@Test
	void terminationReleasesTheSessionAndExpiryAnswersGone() {
		UUID organization = organization();
		String token = member(organization);
		String location = create(token, 500, "design", "a.png");
		this.http.delete().uri(location).headers(headers -> {
			headers.setBearerAuth(token);
			headers.set("Tus-Resumable", "1.0.0");
		}).exchange().expectStatus().isNoContent();
		head(token, location).expectStatus().isNotFound();
		assertThat(usage(organization)).containsExactly(0, 0, 0, 0);
		String expiring = create(token, 500, "design", "b.png");
		execute("UPDATE file.files SET upload_expires_at = now() - interval '1 minute' WHERE id = ?::uuid",
				expiring.substring(expiring.lastIndexOf('/') + 1));
		head(token, expiring).expectStatus().isEqualTo(HttpStatus.GONE);
		this.http.patch().uri(expiring).headers(headers -> tus(headers, token, 0)).contentType(CHUNK)
			.bodyValue(new byte[10]).exchange().expectStatus().isEqualTo(HttpStatus.GONE);
		// Another organization's session does not exist for the caller.
		head(member(organization()), expiring).expectStatus().isNotFound();
	}

	@Test
	void refusesRequestsWithoutTheProtocolVersionOrWithABadType() {
		UUID organization = organization();
		String token = member(organization);
		this.http.post().uri("/api/v1/files/uploads").headers(headers -> {
			headers.setBearerAuth(token);
			headers.set("Upload-Length", "10");
		}).exchange().expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED).expectHeader().valueEquals("Tus-Version", "1.0.0");
		this.http.post().uri("/api/v1/files/uploads").headers(headers -> {
			headers.setBearerAuth(token);
			headers.set("Tus-Resumable", "1.0.0");
			headers.set("Upload-Length", "10");
		}).exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("file_type");
		// A ZIP as a design: the session fails when its last byte is in.
		String location = create(token, 6, "design", "a.zip");
		this.http.patch().uri(location).headers(headers -> tus(headers, token, 0)).contentType(CHUNK)
			.bodyValue(new byte[] { 'P', 'K', 3, 4, 0, 0 }).exchange()
			.expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		head(token, location).expectStatus().isEqualTo(HttpStatus.GONE);
		assertThat(usage(organization)[1]).isZero();
	}

	private String create(String token, long length, String fileType, String filename) {
		return this.http.post().uri("/api/v1/files/uploads").headers(headers -> {
			headers.setBearerAuth(token);
			headers.set("Tus-Resumable", "1.0.0");
			headers.set("Upload-Length", Long.toString(length));
			headers.set("Upload-Metadata", metadata(fileType, filename));
		}).exchange()
			.expectStatus().isCreated()
			.expectHeader().valueEquals("Upload-Offset", "0")
			.returnResult(Void.class).getResponseHeaders().getLocation().toString();
	}

	private WebTestClient.ResponseSpec head(String token, String location) {
		return this.http.head().uri(location).headers(headers -> {
			headers.setBearerAuth(token);
			headers.set("Tus-Resumable", "1.0.0");
		}).exchange();
	}

	private long awaitStableOffset(String token, String location) throws InterruptedException {
		long last = -1;
		for (int attempt = 0; attempt < 40; attempt++) {
			String value = head(token, location).expectStatus().isOk().returnResult(Void.class).getResponseHeaders()
				.getFirst("Upload-Offset");
			long offset = Long.parseLong(value);
			if (offset > 0 && offset == last) {
				return offset;
			}
			last = offset;
			Thread.sleep(250);
		}
		return last;
	}

	private static void tus(HttpHeaders headers, String token, long offset) {
		headers.setBearerAuth(token);
		headers.set("Tus-Resumable", "1.0.0");
		headers.set("Upload-Offset", Long.toString(offset));
	}

	private static String metadata(String fileType, String filename) {
		Base64.Encoder base64 = Base64.getEncoder();
		return "file_type " + base64.encodeToString(fileType.getBytes(StandardCharsets.UTF_8)) + ",filename "
				+ base64.encodeToString(filename.getBytes(StandardCharsets.UTF_8));
	}

}
