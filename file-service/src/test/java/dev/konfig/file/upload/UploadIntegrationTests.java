package dev.konfig.file.upload;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

import dev.konfig.file.FileIntegrationTest;
import dev.konfig.file.Images;
import dev.konfig.platform.test.OutboxRows;

import static org.assertj.core.api.Assertions.assertThat;

/** FS-2..FS-8 on the real database and a real directory. */
class UploadIntegrationTests extends FileIntegrationTest {

	@Test
	void storesAPngWithItsImageFactsAndAnEvent() {
		UUID organization = organization();
		byte[] png = Images.png(3800, 1600, 15748);
		Map<String, Object> file = stored(member(organization), "design", "Sunflower cup wrap.png", png);
		assertThat(file.get("status")).isEqualTo("ready");
		assertThat(file.get("file_size")).isEqualTo(png.length);
		assertThat(file.get("sha256")).isEqualTo(sha256(png));
		assertThat(file.get("mime_type")).isEqualTo("image/png");
		assertThat(file.get("filename")).isEqualTo("Sunflower cup wrap.png");
		assertThat(file).doesNotContainKey("file_path").containsEntry("deduplicated", false);
		@SuppressWarnings("unchecked")
		Map<String, Object> image = (Map<String, Object>) file.get("image");
		assertThat(image).containsEntry("width_px", 3800)
			.containsEntry("height_px", 1600)
			.containsEntry("dpi_x", 400)
			.containsEntry("dpi_y", 400)
			.containsEntry("dpi_source", "png_phys")
			.containsEntry("width_inches", 9.5)
			.containsEntry("height_inches", 4.0)
			.containsEntry("has_alpha", true)
			.containsEntry("color_type", "rgba")
			.containsEntry("bit_depth", 8);
		assertThat(blobsOf(organization)).hasSize(1);
		assertThat(usage(organization)).containsExactly(png.length, 0, 1, 0);
		List<Map<String, Object>> events = OutboxRows.forEntity("file", file.get("id"));
		assertThat(events).extracting(event -> event.get("event_type")).containsExactly("file.uploaded");
	}

	@Test
	void downloadsTheSameBytes() {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(64, 48, 11811);
		Map<String, Object> file = stored(token, "original", "a.png", png);
		byte[] body = this.http.get()
			.uri("/api/v1/files/{id}/content", file.get("id"))
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("ETag", "\"sha256:" + sha256(png) + "\"")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(body).isEqualTo(png);
		assertThat(sha256(body)).isEqualTo(file.get("sha256"));
	}

	@Test
	void aSecondUploadOfTheSameBytesAnswersTheFirstFile() {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(20, 20, 11811, 6, 7);
		Map<String, Object> first = stored(token, "design", "one.png", png);
		upload(token, "mockup", "two.png", png).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Deduplicated", "true")
			.expectBody()
			.jsonPath("$.id").isEqualTo(first.get("id"))
			.jsonPath("$.deduplicated").isEqualTo(true)
			.jsonPath("$.filename").isEqualTo("one.png")
			.jsonPath("$.file_type").isEqualTo("design");
		assertThat(blobsOf(organization)).hasSize(1);
		assertThat(number("SELECT count(*) FROM file.files WHERE organization_id = ?", organization)).isEqualTo(1);
		assertThat(usage(organization)).containsExactly(png.length, 0, 1, 0);
		// Another organization's same bytes are its own file: no existence oracle.
		UUID other = organization();
		assertThat(stored(member(other), "design", "one.png", png).get("id")).isNotEqualTo(first.get("id"));
	}

	@Test
	void eightConcurrentIdenticalUploadsStoreOneFile() throws Exception {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(200, 200, 11811, 6, 11);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				answers.add(CompletableFuture.supplyAsync(() -> upload(token, "design", "same.png", png)
					.returnResult(String.class)
					.getStatus()
					.value(), pool));
			}
			List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();
			assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
			assertThat(statuses).filteredOn(status -> status == 200).hasSize(7);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(number("SELECT count(*) FROM file.files WHERE organization_id = ?", organization)).isEqualTo(1);
		assertThat(blobsOf(organization)).hasSize(1);
		assertThat(usage(organization)).containsExactly(png.length, 0, 1, 0);
	}

	@Test
	void anArchivedFileDoesNotDeduplicate() {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(20, 20, 11811, 6, 13);
		Map<String, Object> first = stored(token, "design", "one.png", png);
		this.http.delete()
			.uri("/api/v1/files/{id}", first.get("id"))
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isNoContent();
		Map<String, Object> second = stored(token, "design", "again.png", png);
		assertThat(second.get("id")).isNotEqualTo(first.get("id"));
		assertThat(blobsOf(organization)).hasSize(2);
		assertThat(usage(organization)).containsExactly(2L * png.length, 0, 2, 0);
	}

	@Test
	void concurrentUploadsNeverOvershootTheQuota() throws Exception {
		UUID organization = organization();
		String token = member(organization);
		int size = 50_000;
		setQuota(organization, 10L * size + size / 2);
		ExecutorService pool = Executors.newFixedThreadPool(20);
		try {
			List<CompletableFuture<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				byte[] bytes = distinct(size, i);
				answers.add(CompletableFuture.supplyAsync(
						() -> upload(token, "export", "part-" + bytes[0] + ".bin", bytes).returnResult(String.class)
							.getStatus()
							.value(),
						pool));
			}
			List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();
			assertThat(statuses).filteredOn(status -> status == 201).hasSize(10);
			assertThat(statuses).filteredOn(status -> status == 507).hasSize(10);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(usage(organization)).containsExactly(10L * size, 0, 10, 0);
		assertThat(blobsOf(organization)).hasSize(10);
	}

	@Test
	void overTheQuotaAnswers507WithTheFigures() {
		UUID organization = organization();
		setQuota(organization, 1000);
		upload(member(organization), "export", "big.bin", distinct(2000, 1)).expectStatus()
			.isEqualTo(HttpStatus.INSUFFICIENT_STORAGE)
			.expectBody()
			.jsonPath("$.quota_bytes").isEqualTo(1000)
			.jsonPath("$.used_bytes").isEqualTo(0)
			.jsonPath("$.reserved_bytes").isEqualTo(0);
		assertThat(number("SELECT count(*) FROM file.files WHERE organization_id = ?", organization)).isZero();
	}

	@Test
	void refusesABigContentLengthBeforeReadingTheBody() throws Exception {
		UUID organization = organization();
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/files?file_type=design HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
					+ member(organization) + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
					+ (10L * 1024 * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] head = new byte[12];
			int read = in.readNBytes(head, 0, 12);
			assertThat(new String(head, 0, read, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
		}
		assertThat(number("SELECT count(*) FROM file.files WHERE organization_id = ?", organization)).isZero();
	}

	@Test
	void stopsReadingPastTheLimitAndLeavesNothing() {
		UUID organization = organization();
		String token = member(organization);
		// Chunked, so no Content-Length announces the size; on a connection of its own, which the
		// server closes after refusing the rest of the body.
		org.springframework.test.web.reactive.server.WebTestClient.bindToServer(
				new org.springframework.http.client.reactive.ReactorClientHttpConnector(reactor.netty.http.client.HttpClient
					.create(reactor.netty.resources.ConnectionProvider.newConnection())))
			.baseUrl("http://127.0.0.1:" + this.port)
			.build()
			.post()
			.uri("/api/v1/files?file_type=export")
			.headers(headers -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(BodyInserters.fromDataBuffers(reactor.core.publisher.Flux.range(0, 9)
				.map(i -> org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance
					.wrap(new byte[1024 * 1024]))))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertNothingLeft(organization);
	}

	@Test
	void multipartFieldsComeBeforeTheFile() {
		UUID organization = organization();
		byte[] png = Images.png(30, 30, 2835);
		uploadForm(member(organization), "cup.png", png,
				Map.of("file_type", "mockup", "metadata", "{\"sku\":\"CW-101\"}", "filename", "Cup mockup.png"))
			.expectStatus()
			.isCreated()
			.expectHeader()
			.exists("Location")
			.expectHeader()
			.valueEquals("ETag", "\"1\"")
			.expectBody()
			.jsonPath("$.file_type").isEqualTo("mockup")
			.jsonPath("$.filename").isEqualTo("Cup mockup.png")
			.jsonPath("$.original_filename").isEqualTo("Cup mockup.png")
			.jsonPath("$.metadata.sku").isEqualTo("CW-101")
			.jsonPath("$.image.dpi_x").isEqualTo(72);
	}

	@Test
	void refusesBadMultipartForms() {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(10, 10, 0, 6, 99);
		// No file part.
		MultipartBodyBuilder noFile = new MultipartBodyBuilder();
		noFile.part("file_type", "design");
		post(token, noFile).expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("file");
		// Two file parts.
		MultipartBodyBuilder two = new MultipartBodyBuilder();
		two.part("file_type", "design");
		two.part("file", resource(png, "a.png"));
		two.part("file", resource(png, "b.png"));
		post(token, two).expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("file");
		// An unknown part.
		MultipartBodyBuilder unknown = new MultipartBodyBuilder();
		unknown.part("file_type", "design");
		unknown.part("color", "red");
		unknown.part("file", resource(png, "a.png"));
		post(token, unknown).expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("file");
		// A field after the file.
		MultipartBodyBuilder late = new MultipartBodyBuilder();
		late.part("file", resource(png, "a.png"));
		late.part("file_type", "design");
		post(token, late).expectStatus().isBadRequest();
		// Metadata that is not an object, or too deep.
		uploadForm(token, "a.png", png, Map.of("file_type", "design", "metadata", "[1,2]")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("metadata");
		uploadForm(token, "a.png", png, Map.of("file_type", "design", "metadata", "{\"a\":")).expectStatus()
			.isBadRequest();
		uploadForm(token, "a.png", png,
				Map.of("file_type", "design", "metadata", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":1}}}}}}}}}"))
			.expectStatus()
			.isBadRequest();
		assertNothingLeft(organization);
	}

	@Test
	void refusesBadRawUploads() {
		UUID organization = organization();
		String token = member(organization);
		upload(token, "design", "empty.png", new byte[0]).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail").isEqualTo("Empty file");
		upload(token, "poster", "a.png", Images.png(1, 1, 0)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("file_type")
			.jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("print_file"));
		this.http.post()
			.uri("/api/v1/files?file_type=design&metadata={m}", "{}")
			.headers(headers -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(Images.png(1, 1, 0))
			.exchange()
			.expectStatus()
			.isBadRequest();
		// A ZIP as a design, HTML named .png: the bytes decide.
		upload(token, "design", "archive.zip", new byte[] { 'P', 'K', 3, 4, 1, 2, 3 }).expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("file")
			.jsonPath("$.detected_type").isEqualTo("application/zip");
		upload(token, "design", "page.png", "<html><body>x</body></html>".getBytes(StandardCharsets.UTF_8))
			.expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertNothingLeft(organization);
		// Anything goes as an export.
		upload(token, "export", "archive.zip", new byte[] { 'P', 'K', 3, 4, 1, 2, 3 }).expectStatus().isCreated();
	}

	@Test
	void checksMatchingAndMismatchingChecksums() {
		UUID organization = organization();
		String token = member(organization);
		byte[] png = Images.png(12, 12, 0, 6, 5);
		this.http.post()
			.uri("/api/v1/files?file_type=design")
			.headers(headers -> {
				headers.setBearerAuth(token);
				headers.set("X-Checksum-SHA256", sha256(new byte[] { 1 }));
			})
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(png)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail").isEqualTo("checksum mismatch");
		assertNothingLeft(organization);
		this.http.post()
			.uri("/api/v1/files?file_type=design")
			.headers(headers -> {
				headers.setBearerAuth(token);
				headers.set("Repr-Digest",
						"sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256(png))) + ":");
			})
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(png)
			.exchange()
			.expectStatus()
			.isCreated();
	}

	@Test
	void hostileNamesAreSanitizedAndNeverReachTheFileSystem() throws Exception {
		UUID organization = organization();
		String token = member(organization);
		List<String> names = List.of("../../etc/passwd", "C:\\x\\y.png", "a\u0001b\u001Fc.png", "x".repeat(10_000),
				"/abs/olute/../../../root.png");
		int seed = 40;
		for (String name : names) {
			// In the form's part header: a 10 000 character name does not fit in a URL.
			@SuppressWarnings("unchecked")
			Map<String, Object> file = uploadForm(token, name, Images.png(5, 5, 0, 6, seed++), Map.of("file_type", "design"))
				.expectStatus()
				.isCreated()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			assertThat((String) file.get("filename")).doesNotContain("/").doesNotContain("\\").doesNotContain("\u0001");
			assertThat(((String) file.get("filename")).length()).isLessThanOrEqualTo(255);
		}
		// Everything stored lives under the organization's directory, named by ids.
		try (Stream<Path> all = Files.walk(ROOT)) {
			List<Path> files = all.filter(Files::isRegularFile).filter(path -> path.toString().contains(organization.toString())).toList();
			assertThat(files).hasSize(names.size());
			for (Path path : files) {
				Path relative = ROOT.relativize(path);
				assertThat(relative.getNameCount()).isEqualTo(5);
				assertThat(relative.getName(0).toString()).isEqualTo(organization.toString());
				UUID.fromString(relative.getFileName().toString());
			}
		}
		assertThat(ROOT.getParent().resolve("etc")).doesNotExist();
	}

	@Test
	void aReadKeyCannotUploadAndAWriteKeyCan() {
		UUID organization = organization();
		upload(apiKey(organization, "read"), "design", "a.png", Images.png(3, 3, 0)).expectStatus().isForbidden();
		upload(apiKey(organization, "write"), "design", "a.png", Images.png(3, 3, 0)).expectStatus().isCreated()
			.expectBody()
			.jsonPath("$.created_by_type").isEqualTo("api_key");
	}

	@Test
	void cutsAnUploadThatStopsSendingWith408AndLeavesNothing() throws Exception {
		UUID organization = organization();
		try (Socket socket = stalledUpload(organization)) {
			socket.getOutputStream().write(new byte[4096]);
			socket.getOutputStream().flush();
			socket.setSoTimeout(15_000);
			byte[] head = new byte[12];
			int read = socket.getInputStream().readNBytes(head, 0, 12);
			// The test's idle timeout is 2 s: the answer comes without the client sending more.
			assertThat(new String(head, 0, read, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 408");
		}
		eventually(() -> assertNothingLeft(organization));
		// A plain upload that did not finish leaves no row at all (a resumable one keeps its session).
		assertThat(number("SELECT count(*) FROM file.files WHERE organization_id = ?", organization)).isZero();
	}

	@Test
	void refusesAnUploadBeyondTheOrganizationsUploadsInFlightWith429() throws Exception {
		UUID organization = organization();
		int limit = 32;
		List<Socket> inFlight = new ArrayList<>();
		// Each stalled upload gets a byte now and then, so the idle cut does not end it early.
		java.util.concurrent.ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
		try {
			for (int i = 0; i < limit; i++) {
				inFlight.add(stalledUpload(organization));
			}
			trickle.scheduleAtFixedRate(() -> inFlight.forEach(socket -> {
				try {
					socket.getOutputStream().write(0);
					socket.getOutputStream().flush();
				}
				catch (java.io.IOException ex) {
					// The server cut it; the assertions below say so.
				}
			}), 300, 300, java.util.concurrent.TimeUnit.MILLISECONDS);
			eventually(() -> assertThat(number("SELECT count(*) FROM file.files WHERE organization_id = ? "
					+ "AND status = 'uploading'", organization)).isEqualTo(limit));

			upload(member(organization), "export", "one-more.bin", distinct(100, 7)).expectStatus()
				.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
				.expectHeader().valueEquals("Retry-After", "5")
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
			// Another organization is not held up by this one's uploads.
			upload(member(organization()), "export", "elsewhere.bin", distinct(100, 8)).expectStatus().isCreated();
		}
		finally {
			trickle.shutdownNow();
			for (Socket socket : inFlight) {
				socket.close();
			}
		}
		// The dropped uploads end and give their places back.
		eventually(() -> assertNothingLeft(organization));
		upload(member(organization), "export", "after.bin", distinct(100, 9)).expectStatus().isCreated();
	}

	/** A raw upload announcing a megabyte that sends its headers and one byte, then nothing. */
	private Socket stalledUpload(UUID organization) throws java.io.IOException {
		Socket socket = new Socket("127.0.0.1", this.port);
		OutputStream out = socket.getOutputStream();
		out.write(("POST /api/v1/files?file_type=export&filename=stalled.bin HTTP/1.1\r\nHost: localhost\r\n"
				+ "Authorization: Bearer " + member(organization) + "\r\nContent-Type: application/octet-stream\r\n"
				+ "Content-Length: 1048576\r\n\r\nx").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

	/** Retries the assertion for up to 10 s: clean-up after a cut connection runs after the answer. */
	private static void eventually(Runnable assertion) throws InterruptedException {
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
		while (true) {
			try {
				assertion.run();
				return;
			}
			catch (AssertionError ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(100);
			}
		}
	}

	private void assertNothingLeft(UUID organization) {
		assertThat(blobsOf(organization)).isEmpty();
		long[] usage = usage(organization);
		assertThat(usage[1]).as("reserved bytes").isZero();
		assertThat(usage[3]).as("reserved files").isZero();
		assertThat(number("SELECT count(*) FROM file.files WHERE organization_id = ? AND status <> 'failed'",
				organization)).isZero();
		assertThat(temporaryFiles()).noneMatch(path -> {
			try {
				return number("SELECT count(*) FROM file.files WHERE id = ?::uuid AND organization_id = ?",
						path.getFileName().toString(), organization) > 0;
			}
			catch (IllegalStateException notAnUpload) {
				return false;
			}
		});
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post(String token,
			MultipartBodyBuilder form) {
		return this.http.post()
			.uri("/api/v1/files")
			.headers(headers -> headers.setBearerAuth(token))
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange();
	}

	private static ByteArrayResource resource(byte[] bytes, String filename) {
		return new ByteArrayResource(bytes) {

			@Override
			public String getFilename() {
				return filename;
			}

		};
	}

	/** Bytes of a size, different for each seed. */
	static byte[] distinct(int size, int seed) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (i * 7 + seed * 13 + (i >> 8));
		}
		bytes[0] = (byte) seed;
		return bytes;
	}


}
