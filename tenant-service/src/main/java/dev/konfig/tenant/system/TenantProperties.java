package dev.konfig.tenant.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * tenant-service's own settings. Its calls to auth-service are the platform's outbound
 * client {@code auth-service} ({@code konfig.http.*}).
 *
 * @param membershipCacheTtl how long a caller's memberships are reused; short, because a
 * removed member must lose access soon
 */
@ConfigurationProperties("konfig.tenant")
public record TenantProperties(@DefaultValue("5s") Duration membershipCacheTtl) {
}
