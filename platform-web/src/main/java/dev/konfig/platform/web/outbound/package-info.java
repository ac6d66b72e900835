/**
 * Calls from one service to another: {@link dev.konfig.platform.web.outbound.OutboundClients}
 * gives each peer a client with timeouts, its own pool, retries of idempotent requests only,
 * and a circuit breaker that never counts a 4xx, all from {@code konfig.http.*}.
 */
@NonNullApi
package dev.konfig.platform.web.outbound;

import org.springframework.lang.NonNullApi;
