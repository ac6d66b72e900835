package dev.konfig.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Raw requests through the gateway, for tests that must send exactly the bytes they mean (a
 * NUL in a string, a number beyond double range) and must not wait for a stream to end.
 */
final class Http {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(10))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	/** At most this much of an answer is kept; streams (server-sent events) are not read at all. */
	private static final int MAX_BODY = 256 * 1024;

	private Http() {
	}

	/** An answer: status, content type and (the start of) the body. */
	record Answer(int status, String contentType, String location, String body) {

		boolean isProblem() {
			return this.contentType != null && this.contentType.startsWith("application/problem+json");
		}

		@Override
		public String toString() {
			String shown = (this.body.length() > 300) ? this.body.substring(0, 300) + "..." : this.body;
			return this.status + " " + this.contentType + " " + shown;
		}

	}

	/**
	 * Sends one request to the gateway.
	 * @param method the HTTP method
	 * @param pathAndQuery origin-relative, already encoded
	 * @param headers extra headers (credentials, preconditions)
	 * @param body a JSON body exactly as given, or null for none; with a Content-Type header
	 * among the headers, the body's bytes as ISO-8859-1 text
	 */
	static Answer send(String method, String pathAndQuery, Map<String, String> headers, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Suite.get().gatewayUrl() + pathAndQuery))
			.timeout(Duration.ofSeconds(30));
		headers.forEach(request::header);
		if (body != null && headers.keySet().stream().anyMatch("Content-Type"::equalsIgnoreCase)) {
			// Bytes given as ISO-8859-1 text (a file's content): each char is one byte.
			request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1));
		}
		else if (body != null) {
			request.header("Content-Type", "application/json");
			request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			String contentType = response.headers().firstValue("Content-Type").orElse(null);
			String location = response.headers().firstValue("Location").orElse(null);
			try (InputStream stream = response.body()) {
				if (contentType != null && contentType.startsWith("text/event-stream")) {
					return new Answer(response.statusCode(), contentType, location, "");
				}
				byte[] bytes = stream.readNBytes(MAX_BODY);
				return new Answer(response.statusCode(), contentType, location, new String(bytes, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + pathAndQuery + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
