package dev.konfig.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Design files through the gateway: a PNG's print facts, dedup with one blob on disk, a
 * byte-identical download and a range, isolation between organizations, scopes, a quota under
 * concurrent uploads, and a file far above the gateway's default body limit.
 */
class FilesEndToEndTests {

	private final WebTestClient gateway = Accounts.gateway();

	@Test
	void aDesignGoesInAndComesOutByteForByte() {
		Accounts.Session owner = Accounts.registerOrganization();
		byte[] png = png(3000, 1500, 11811, 1);
		Map<?, ?> first = uploadForm(owner.accessToken(), png, "Sunflower cup wrap.png").expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<?, ?> image = (Map<?, ?>) first.get("image");
		assertThat(image.get("width_px")).isEqualTo(3000);
		assertThat(image.get("height_px")).isEqualTo(1500);
		assertThat(image.get("dpi_x")).isEqualTo(300);
		assertThat(image.get("dpi_y")).isEqualTo(300);
		assertThat(image.get("width_inches")).isEqualTo(10.0);
		assertThat(first.get("sha256")).isEqualTo(sha256(png));
		Object id = first.get("id");

		// The same bytes again: the same file, and still one blob on the NAS.
		uploadForm(owner.accessToken(), png, "again.png").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id").isEqualTo(id)
			.jsonPath("$.deduplicated").isEqualTo(true);
		assertThat(blobsOf(owner.organizationId())).hasSize(1);

		byte[] downloaded = this.gateway.get()
			.uri("/api/files/{id}/download", id)
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"sha256:" + sha256(png) + "\"")
			.expectBody(byte[].class).returnResult().getResponseBody();
		assertThat(downloaded).isEqualTo(png);
		assertThat(sha256(downloaded)).isEqualTo(first.get("sha256"));
		byte[] range = this.gateway.get()
			.uri("/api/v1/files/{id}/content", id)
			.headers(headers -> {
				headers.setBearerAuth(owner.accessToken());
				headers.set(HttpHeaders.RANGE, "bytes=100-199");
			})
			.exchange()
			.expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
			.expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 100-199/" + png.length)
			.expectBody(byte[].class).returnResult().getResponseBody();
		assertThat(range).isEqualTo(Arrays.copyOfRange(png, 100, 200));

		Accounts.Session stranger = Accounts.registerOrganization();
		for (String path : List.of("/api/v1/files/" + id, "/api/v1/files/" + id + "/content")) {
			this.gateway.get().uri(path).headers(headers -> headers.setBearerAuth(stranger.accessToken())).exchange()
				.expectStatus().isNotFound();
		}
	}

	@Test
	void aReadKeyCannotUploadButReadsAndAWriteKeyUploads() {
		Accounts.Session owner = Accounts.registerOrganization();
		Accounts.ApiKey read = Accounts.createApiKey(owner, "read");
		Accounts.ApiKey write = Accounts.createApiKey(owner, "read,write");
		byte[] png = png(10, 10, 2835, 2);
		this.gateway.post()
			.uri("/api/v1/files?file_type=design&filename=a.png")
			.header("X-API-Key", read.key())
			.contentType(MediaType.IMAGE_PNG)
			.bodyValue(png)
			.exchange()
			.expectStatus().isForbidden();
		Object id = this.gateway.post()
			.uri("/api/v1/files?file_type=design&filename=a.png")
			.header("X-API-Key", write.key())
			.contentType(MediaType.IMAGE_PNG)
			.bodyValue(png)
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		this.gateway.get().uri("/api/v1/files/{id}", id).header("X-API-Key", read.key()).exchange()
			.expectStatus().isOk();
		assertThat(blobsOf(owner.organizationId())).hasSize(1);
	}

	@Test
	void twentyConcurrentUploadsAgainstAQuotaThatFitsTenStoreExactlyTen() throws Exception {
		Accounts.Session owner = Accounts.registerOrganization();
		int size = 100_000;
		setQuota(owner.organizationId(), 10L * size + size / 2);
		ExecutorService pool = Executors.newFixedThreadPool(20);
		try {
			List<CompletableFuture<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				byte[] bytes = distinct(size, i);
				answers.add(CompletableFuture.supplyAsync(() -> this.gateway.post()
					.uri("/api/v1/files?file_type=export&filename=part.bin")
					.headers(headers -> headers.setBearerAuth(owner.accessToken()))
					.contentType(MediaType.APPLICATION_OCTET_STREAM)
					.bodyValue(bytes)
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value(), pool));
			}
			List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();
			assertThat(statuses).filteredOn(status -> status == 201).hasSize(10);
			assertThat(statuses).filteredOn(status -> status == 507).hasSize(10);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(blobsOf(owner.organizationId())).hasSize(10);
		this.gateway.get().uri("/api/v1/files/stats/storage")
			.headers(headers -> headers.setBearerAuth(owner.accessToken())).exchange()
			.expectBody()
			.jsonPath("$.quota.used_bytes").isEqualTo(10 * size)
			.jsonPath("$.quota.reserved_bytes").isEqualTo(0);
	}

	@Test
	void aFileFarAboveTheDefaultBodyLimitPassesTheGateway() throws Exception {
		Accounts.Session owner = Accounts.registerOrganization();
		int chunk = 1024 * 1024;
		int chunks = 200;
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		byte[] block = new byte[chunk];
		for (int i = 0; i < chunks; i++) {
			fill(block, i);
			digest.update(block);
		}
		String expected = HexFormat.of().formatHex(digest.digest());
		Flux<DataBuffer> body = Flux.range(0, chunks).map(i -> {
			byte[] bytes = new byte[chunk];
			fill(bytes, i);
			return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
		});
		WebTestClient slow = this.gateway.mutate().responseTimeout(java.time.Duration.ofMinutes(5)).build();
		slow.post()
			.uri("/api/v1/files?file_type=export&filename=sheet.bin")
			.headers(headers -> {
				headers.setBearerAuth(owner.accessToken());
				headers.setContentLength((long) chunk * chunks);
			})
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(BodyInserters.fromDataBuffers(body))
			.exchange()
			.expectStatus().isCreated()
			.expectBody()
			.jsonPath("$.file_size").isEqualTo((long) chunk * chunks)
			.jsonPath("$.sha256").isEqualTo(expected);
	}

	@Test
	void aResumableUploadResumesFromTheOffsetTheGatewayReports() {
		Accounts.Session owner = Accounts.registerOrganization();
		byte[] png = png(400, 300, 11811, 9);
		String metadata = "file_type " + java.util.Base64.getEncoder().encodeToString("design".getBytes())
				+ ",filename " + java.util.Base64.getEncoder().encodeToString("sheet.png".getBytes());
		String location = this.gateway.post()
			.uri("/api/files/uploads")
			.headers(headers -> {
				headers.setBearerAuth(owner.accessToken());
				headers.set("Tus-Resumable", "1.0.0");
				headers.set("Upload-Length", Integer.toString(png.length));
				headers.set("Upload-Metadata", metadata);
			})
			.exchange()
			.expectStatus().isCreated()
			.returnResult(Void.class).getResponseHeaders().getLocation().toString();
		MediaType chunk = MediaType.parseMediaType("application/offset+octet-stream");
		int half = png.length / 2;
		this.gateway.patch().uri(location).headers(headers -> tus(headers, owner, 0)).contentType(chunk)
			.bodyValue(Arrays.copyOf(png, half)).exchange()
			.expectStatus().isNoContent().expectHeader().valueEquals("Upload-Offset", Integer.toString(half));
		String offset = this.gateway.head().uri(location).headers(headers -> tus(headers, owner, 0)).exchange()
			.expectStatus().isOk().returnResult(Void.class).getResponseHeaders().getFirst("Upload-Offset");
		assertThat(offset).isEqualTo(Integer.toString(half));
		String fileId = this.gateway.patch().uri(location).headers(headers -> tus(headers, owner, half)).contentType(chunk)
			.bodyValue(Arrays.copyOfRange(png, half, png.length)).exchange()
			.expectStatus().isNoContent()
			.returnResult(Void.class).getResponseHeaders().getFirst("X-File-Id");
		byte[] downloaded = this.gateway.get().uri("/api/v1/files/{id}/content", fileId)
			.headers(headers -> headers.setBearerAuth(owner.accessToken())).exchange()
			.expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
		assertThat(downloaded).isEqualTo(png);
	}

	private static void tus(HttpHeaders headers, Accounts.Session owner, long offset) {
		headers.setBearerAuth(owner.accessToken());
		headers.set("Tus-Resumable", "1.0.0");
		headers.set("Upload-Offset", Long.toString(offset));
	}

	private WebTestClient.ResponseSpec uploadForm(String token, byte[] bytes, String filename) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file_type", "design");
		form.part("file", new ByteArrayResource(bytes) {

			@Override
			public String getFilename() {
				return filename;
			}

		}).contentType(MediaType.IMAGE_PNG);
		return this.gateway.post()
			.uri("/api/v1/files")
			.headers(headers -> headers.setBearerAuth(token))
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange();
	}

	static List<Path> blobsOf(UUID organization) {
		Path directory = Suite.get().fileRoot().resolve(organization.toString());
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter(Files::isRegularFile).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void setQuota(UUID organization, long quotaBytes) throws SQLException {
		try (Connection connection = Suite.get().database().connect();
				PreparedStatement statement = connection.prepareStatement(
						"INSERT INTO file.org_usage (organization_id, quota_bytes) VALUES (?, ?) "
								+ "ON CONFLICT (organization_id) DO UPDATE SET quota_bytes = EXCLUDED.quota_bytes")) {
			statement.setObject(1, organization);
			statement.setLong(2, quotaBytes);
			statement.execute();
		}
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] distinct(int size, int seed) {
		byte[] bytes = new byte[size];
		fill(bytes, seed);
		return bytes;
	}

	private static void fill(byte[] bytes, int seed) {
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) (i * 7 + seed * 13 + (i >> 8));
		}
		bytes[0] = (byte) seed;
		bytes[1] = (byte) (seed >> 8);
	}

	/** An RGB PNG with a pHYs chunk of {@code pixelsPerMetre} (11811 is 300 DPI). */
	static byte[] png(int width, int height, int pixelsPerMetre, int seed) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A });
		chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
			.put((byte) 0).put((byte) 0).put((byte) 0).array());
		chunk(out, "pHYs", ByteBuffer.allocate(9).putInt(pixelsPerMetre).putInt(pixelsPerMetre).put((byte) 1).array());
		byte[] raw = new byte[height * (1 + width * 3)];
		for (int i = 0; i < raw.length; i++) {
			raw[i] = (i % (1 + width * 3) == 0) ? 0 : (byte) (i / 97 + seed);
		}
		Deflater deflater = new Deflater();
		deflater.setInput(raw);
		deflater.finish();
		java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		while (!deflater.finished()) {
			compressed.write(buffer, 0, deflater.deflate(buffer));
		}
		chunk(out, "IDAT", compressed.toByteArray());
		chunk(out, "IEND", new byte[0]);
		return out.toByteArray();
	}

	private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		out.writeBytes(name);
		out.writeBytes(data);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data);
		out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

}
