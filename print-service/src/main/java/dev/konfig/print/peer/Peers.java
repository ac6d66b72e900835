package dev.konfig.print.peer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
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

	/** A lookup's answer: the files found, by id; an id missing here is not the organization's. */
	public record FileLookup(Map<UUID, JsonNode> found) {
	}

}
