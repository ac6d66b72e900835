package dev.konfig.platform.outbox;

import org.springframework.lang.Nullable;

import dev.konfig.platform.security.CurrentPrincipal;
import dev.konfig.platform.web.RequestIds;
import reactor.core.publisher.Mono;

/**
 * Where the current request came from, as an audit event records it: the original client's
 * address and user agent (captured by {@link RequestOriginWebFilter}), the request id and the
 * authenticated caller, all read from the Reactor context. Each part is {@code null} when
 * unknown (outside a request, or before authentication).
 */
public record RequestOrigin(@Nullable String ipAddress, @Nullable String userAgent, @Nullable String requestId,
		@Nullable AuditEvent.Actor actor) {

	static final RequestOrigin NONE = new RequestOrigin(null, null, null, null);

	/** The origin of the request this pipeline serves; never empty. */
	public static Mono<RequestOrigin> current() {
		Mono<AuditEvent.Actor> actor = CurrentPrincipal.get()
			.map(principal -> new AuditEvent.Actor(principal.subject(), principal.type().claim()))
			// Anonymous requests (login, registration) are audited too, without an actor.
			.onErrorResume(ex -> Mono.empty());
		return Mono.deferContextual(context -> {
			RequestOrigin client = context.getOrDefault(RequestOrigin.class, NONE);
			String requestId = context.getOrDefault(RequestIds.CONTEXT_KEY, null);
			return actor.map(found -> new RequestOrigin(client.ipAddress(), client.userAgent(), requestId, found))
				.defaultIfEmpty(new RequestOrigin(client.ipAddress(), client.userAgent(), requestId, null));
		});
	}

}
