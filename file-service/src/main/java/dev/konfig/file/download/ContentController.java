package dev.konfig.file.download;

import org.springframework.lang.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.file.file.FileService;
import dev.konfig.platform.security.KonfigPrincipal;
import reactor.core.publisher.Mono;

/** {@code GET}/{@code HEAD /api/v1/files/{id}/content} (alias {@code /download}): the bytes of a ready file. */
@RestController
@RequestMapping("/api/v1/files")
class ContentController {

	private final FileService files;

	private final ContentResponses content;

	ContentController(FileService files, ContentResponses content) {
		this.files = files;
		this.content = content;
	}

	@RequestMapping(path = { "/{id}/content", "/{id}/download" }, method = { RequestMethod.GET, RequestMethod.HEAD })
	Mono<Void> content(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id,
			@RequestParam(name = "disposition", required = false) @Nullable String disposition,
			ServerWebExchange exchange) {
		return Mono.fromSupplier(principal::requireOrganization)
			.flatMap(organizationId -> this.files.find(organizationId, id))
			.flatMap(file -> this.content.write(file, exchange, disposition));
	}

}
