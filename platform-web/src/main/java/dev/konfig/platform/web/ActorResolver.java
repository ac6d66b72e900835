package dev.konfig.platform.web;

import reactor.core.publisher.Mono;

/**
 * Finds who is acting in the current request, for {@link RequestOrigin}. platform-web knows no
 * security; platform-security provides the implementation that reads the authenticated
 * principal, so the origin of a request carries its actor without platform-web depending on it.
 */
@FunctionalInterface
public interface ActorResolver {

	/** No one: for applications without authentication. */
	ActorResolver NONE = Mono::empty;

	/** The actor of the request this pipeline serves; empty when no one is authenticated. */
	Mono<RequestOrigin.Actor> current();

}
