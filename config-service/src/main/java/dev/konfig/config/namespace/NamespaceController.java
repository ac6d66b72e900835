package dev.konfig.config.namespace;

import java.net.URI;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import reactor.core.publisher.Mono;

/** The caller's organization's namespaces; {@code {ns}} is an id or a name. */
@RestController
@RequestMapping("/api/v1/namespaces")
class NamespaceController {

	private final NamespaceService namespaces;

	NamespaceController(NamespaceService namespaces) {
		this.namespaces = namespaces;
	}

	@GetMapping
	Mono<Page<NamespaceResponse>> list(@AuthenticationPrincipal KonfigPrincipal principal, PageRequest page) {
		return Mono.defer(() -> this.namespaces.list(principal, page));
	}

	@PostMapping
	Mono<ResponseEntity<NamespaceResponse>> create(@AuthenticationPrincipal KonfigPrincipal principal,
			@Valid @RequestBody NamespaceRequests.Create request) {
		return this.namespaces.create(principal, request)
			.map(created -> ResponseEntity.created(URI.create("/api/v1/namespaces/" + created.id()))
				.body(NamespaceResponse.of(created)));
	}

	@GetMapping("/{ns}")
	Mono<NamespaceResponse> get(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String ns) {
		return this.namespaces.resolve(principal, ns).map(NamespaceResponse::of);
	}

	/** PATCH and PUT both change only the fields sent. */
	@PatchMapping("/{ns}")
	Mono<NamespaceResponse> update(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String ns,
			@Valid @RequestBody NamespaceRequests.Update request) {
		return this.namespaces.update(principal, ns, request).map(NamespaceResponse::of);
	}

	@PutMapping("/{ns}")
	Mono<NamespaceResponse> replace(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String ns,
			@Valid @RequestBody NamespaceRequests.Update request) {
		return update(principal, ns, request);
	}

	@DeleteMapping("/{ns}")
	Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String ns) {
		return this.namespaces.delete(principal, ns).thenReturn(ResponseEntity.noContent().build());
	}

}
