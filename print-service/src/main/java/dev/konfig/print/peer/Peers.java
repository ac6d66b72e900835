package dev.konfig.print.peer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.reactivestreams.Publisher;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.ServiceCredentials;
import dev.konfig.platform.web.outbound.OutboundClient;
import dev.konfig.platform.web.outbound.OutboundClients;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * print-service's calls to its peers. On a caller's behalf (XS-1, XS-2) the caller's own token
 * is relayed, so file-service and tenant-service apply their own tenancy; as the service itself
 * (XS-3, the files agents download) with client credentials. An unreachable peer is a 503.
 */
@Component
public class Peers {

	public static final String FILE = "file-service";

	public static final String TENANT = "tenant-service";

	/** Headers of a content answer an agent needs (ranges, validators, the file name). */
	private static final Set<String> CONTENT_HEADERS = Set.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH,
			HttpHeaders.CONTENT_RANGE, HttpHeaders.ACCEPT_RANGES, HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED,
			HttpHeaders.CONTENT_DISPOSITION, "Digest", "Repr-Digest");

	private final OutboundClient files;

	private final OutboundClient tenants;

	private final WebClient filesAsService;

	Peers(OutboundClients outbound, ServiceCredentials credentials) {
		this.files = outbound.client(FILE);
		this.tenants = outbound.client(TENANT);
		this.filesAsService = this.files.web().mutate().filter(credentials.filter()).build();
	}

	/** What file-service knows of these ids in the caller's organization (one call for all). */
	public Mono<FileLookup> lookupFiles(KonfigPrincipal caller, List<UUID> ids) {
		return this.files.protect(this.files.web()
			.post()
			.uri("/api/v1/files/lookup")
			.headers(headers -> headers.setBearerAuth(caller.token()))
			.bodyValue(Map.of("ids", ids))
			.retrieve()
			.bodyToMono(JsonNode.class)).map(body -> {
				Map<UUID, JsonNode> found = new LinkedHashMap<>();
				for (JsonNode item : body.path("items").values()) {
					found.put(UUID.fromString(item.path("id").asString()), item);
				}
				return new FileLookup(found);
			});
	}

	/** Whether tenant-service knows the shop in the caller's organization. */
	public Mono<Boolean> shopExists(KonfigPrincipal caller, UUID shopId) {
		return this.tenants.protect(this.tenants.web()
			.get()
			.uri("/api/v1/organizations/{org}/shops/{id}", caller.requireOrganization(), shopId)
			.headers(headers -> headers.setBearerAuth(caller.token()))
			.retrieve()
			.toBodilessEntity()
			.thenReturn(true)
			.onErrorResume(WebClientResponseException.NotFound.class, ex -> Mono.just(false)));
	}

	/** A file of the organization as file-service's internal API describes it; empty when it has none. */
	public Mono<JsonNode> file(UUID organizationId, UUID fileId) {
		return this.files.protect(this.filesAsService.get()
			.uri("/internal/files/{id}?organization_id={org}", fileId, organizationId)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.onErrorResume(WebClientResponseException.NotFound.class, ex -> Mono.empty()));
	}

	/**
	 * Streams a file's content into the exchange's response, passing the client's range
	 * headers on and the content headers back; nothing is held in memory.
	 */
	public Mono<Void> streamContent(UUID organizationId, UUID fileId, ServerWebExchange exchange) {
		HttpHeaders incoming = exchange.getRequest().getHeaders();
		return this.filesAsService.get()
			.uri("/internal/files/{id}/content?organization_id={org}", fileId, organizationId)
			.headers(headers -> {
				for (String name : List.of(HttpHeaders.RANGE, HttpHeaders.IF_RANGE, HttpHeaders.IF_NONE_MATCH)) {
					if (incoming.containsHeader(name)) {
						headers.put(name, incoming.get(name));
					}
				}
			})
			.exchangeToMono(response -> {
				HttpStatusCode status = response.statusCode();
				if (status.is5xxServerError()) {
					return response.releaseBody()
						.then(Mono.error(new dev.konfig.platform.web.ServiceUnavailableException(
								FILE + " is unavailable; try again shortly")));
				}
				if (status.value() == HttpStatus.NOT_FOUND.value()) {
					return response.releaseBody()
						.then(Mono.error(new dev.konfig.platform.web.NotFoundException("The file was not found")));
				}
				exchange.getResponse().setStatusCode(status);
				response.headers().asHttpHeaders().forEach((name, values) -> {
					if (CONTENT_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
						exchange.getResponse().getHeaders().put(name, values);
					}
				});
				return exchange.getResponse().writeWith(response.bodyToFlux(DataBuffer.class));
			});
	}

	/**
	 * Writes a file's content to a local path as it arrives (RN-2); a file file-service does not
	 * have is an empty answer.
	 */
	public Mono<Path> download(UUID organizationId, UUID fileId, Path target) {
		return this.filesAsService.get()
			.uri("/internal/files/{id}/content?organization_id={org}", fileId, organizationId)
			.exchangeToMono(response -> {
				if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
					return response.releaseBody().then(Mono.empty());
				}
				if (!response.statusCode().is2xxSuccessful()) {
					return response.createError();
				}
				return DataBufferUtils.write(response.bodyToFlux(DataBuffer.class), target).thenReturn(target);
			});
	}

	/**
	 * Streams a rendered sheet into file-service as a {@code print_file} of the organization
	 * (RN-4), with its metadata; the stored file's id. No response timeout: the body is made while
	 * it is sent.
	 */
	public Mono<UUID> storePrintFile(UUID organizationId, String filename, String metadataJson,
			Publisher<DataBuffer> png) {
		return this.filesAsService.post()
			.uri(builder -> builder.path("/internal/files")
				.queryParam("organization_id", organizationId)
				.queryParam("file_type", "print_file")
				.queryParam("filename", "{filename}")
				.queryParam("metadata", "{metadata}")
				.build(filename, metadataJson))
			.contentType(MediaType.IMAGE_PNG)
			.httpRequest(request -> {
				Object native_ = request.getNativeRequest();
				if (native_ instanceof reactor.netty.http.client.HttpClientRequest netty) {
					netty.responseTimeout(Duration.ofHours(1));
				}
			})
			.body(BodyInserters.fromDataBuffers(png))
			.retrieve()
			.bodyToMono(JsonNode.class)
			.map(body -> UUID.fromString(body.path("id").asString()));
	}

	/** Deletes a file the service stored (RN-6); one already gone is fine. */
	public Mono<Void> deleteFile(UUID organizationId, UUID fileId) {
		return this.filesAsService.delete()
			.uri("/internal/files/{id}?organization_id={org}", fileId, organizationId)
			.retrieve()
			.toBodilessEntity()
			.then()
			.onErrorResume(WebClientResponseException.NotFound.class, ex -> Mono.empty());
	}

	/** A lookup's answer: the files found, by id; an id missing here is not the organization's. */
	public record FileLookup(Map<UUID, JsonNode> found) {
	}

}
