package dev.konfig.tenant.system;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * tenant-service's own settings.
 *
 * @param authUrl base URL of auth-service, asked for memberships and to grant ownership
 * @param connectTimeout connect timeout of every outbound call
 * @param responseTimeout response timeout of every outbound call
 * @param membershipCacheTtl how long a caller's memberships are reused; short, because a
 * removed member must lose access soon
 * @param maxConcurrentCalls calls in flight to one peer before further ones fail fast (503)
 */
@ConfigurationProperties("konfig.tenant")
public record TenantProperties(@DefaultValue("http://localhost:8081") URI authUrl,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration responseTimeout,
		@DefaultValue("5s") Duration membershipCacheTtl, @DefaultValue("200") int maxConcurrentCalls) {
}
