package dev.konfig.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every operation of the public API as the gateway documents it: the services its Swagger UI
 * lists, and each service's OpenAPI document behind that. A service or an endpoint added later
 * joins the tests built on this without a change to them.
 */
final class OpenApiOperations {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static volatile List<Operation> all;

	private OpenApiOperations() {
	}

	/** A documented operation and what it takes. */
	record Operation(String service, String method, String path, List<Parameter> parameters, JsonNode body,
			JsonNode document) {

		String id() {
			return this.method + " " + this.path;
		}

		boolean hasBody() {
			return this.body != null;
		}

		/** The request body's schema, with its reference resolved; null when there is none. */
		JsonNode bodySchema() {
			return (this.body != null) ? resolve(this.body.path("content").path("application/json").path("schema"))
					: null;
		}

		/** Follows a {@code $ref} into this document's components. */
		JsonNode resolve(JsonNode schema) {
			JsonNode current = schema;
			int depth = 0;
			while (current != null && current.has("$ref") && depth++ < 10) {
				String reference = current.get("$ref").asString();
				current = this.document.at(reference.substring(1));
			}
			return current;
		}

		@Override
		public String toString() {
			return id();
		}

	}

	/** A path, query or header parameter. */
	record Parameter(String name, String in, boolean required, JsonNode schema) {
	}

	static synchronized List<Operation> all() {
		if (all == null) {
			all = load(Suite.get().gatewayUrl());
		}
		return all;
	}

	private static List<Operation> load(String gateway) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		JsonNode config = get(http, gateway + "/v3/api-docs/gateway/swagger-config");
		List<Operation> operations = new ArrayList<>();
		for (JsonNode entry : config.path("urls")) {
			String service = entry.path("name").asString();
			JsonNode document = get(http, gateway + entry.path("url").asString());
			for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
				for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
					JsonNode operation = method.getValue();
					List<Parameter> parameters = new ArrayList<>();
					for (JsonNode parameter : operation.path("parameters")) {
						parameters.add(new Parameter(parameter.path("name").asString(), parameter.path("in").asString(),
								parameter.path("required").asBoolean(false), parameter.path("schema")));
					}
					operations.add(new Operation(service, method.getKey().toUpperCase(java.util.Locale.ROOT),
							path.getKey(), List.copyOf(parameters),
							operation.has("requestBody") ? operation.get("requestBody") : null, document));
				}
			}
		}
		if (operations.isEmpty()) {
			throw new IllegalStateException("The gateway documents no operation");
		}
		return List.copyOf(operations);
	}

	private static JsonNode get(HttpClient http, String url) {
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(url + " answered " + response.statusCode());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(url + " could not be read", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The names of an object schema's properties. */
	static List<String> propertyNames(JsonNode schema) {
		List<String> names = new ArrayList<>();
		Iterator<String> iterator = schema.path("properties").propertyNames().iterator();
		iterator.forEachRemaining(names::add);
		return names;
	}

}
