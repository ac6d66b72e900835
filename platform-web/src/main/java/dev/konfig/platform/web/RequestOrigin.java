package dev.konfig.platform.web;

import org.springframework.lang.Nullable;

import reactor.core.publisher.Mono;

/**
 * Where the current request came from, as an audit event records it: the original client's
 * address and user agent (captured by {@link RequestOriginWebFilter}), the request id and the
 * authenticated caller (found by the {@link ActorResolver} the filter puts in the context), all
 * read from the Reactor context. Each part is {@code null} when unknown (outside a request, or
 * before authentication).
 */
public record RequestOrigin(@Nullable String ipAddress, @Nullable String userAgent, @Nullable String requestId,
		@Nullable Actor actor) {

	static final RequestOrigin NONE = new RequestOrigin(null, null, null, null);

	/** The origin of the request this pipeline serves; never empty. */
	public static Mono<RequestOrigin> current() {
		return Mono.deferContextual(context -> {
			RequestOrigin client = context.getOrDefault(RequestOrigin.class, NONE);
			String requestId = context.getOrDefault(RequestIds.CONTEXT_KEY, null);
			ActorResolver actors = context.getOrDefault(ActorResolver.class, ActorResolver.NONE);
			return actors.current()
				// Anonymous requests (login, registration) are audited too, without an actor.
				.onErrorResume(ex -> Mono.empty())
				.map(found -> new RequestOrigin(client.ipAddress(), client.userAgent(), requestId, found))
				.defaultIfEmpty(new RequestOrigin(client.ipAddress(), client.userAgent(), requestId, null));
		});
	}

	/**
	 * Who acted.
	 *
	 * @param id a user id, an API key id, or a service client id
	 * @param type {@code user}, {@code api_key} or {@code service}
	 */
	public record Actor(String id, String type) {
	}

}
