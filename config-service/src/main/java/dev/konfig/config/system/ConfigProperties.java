package dev.konfig.config.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * config-service's own settings.
 *
 * @param secretKeys AES keys for secret values, {@code id:base64key,...}; old ids stay listed
 * after a rotation so older values can still be read
 * @param activeSecretKey the id of the key new secret values are encrypted with
 * @param watchMaxWait the longest a long poll may wait, whatever the client asks
 * @param watchHeartbeat how often an idle event stream gets a comment, so proxies keep it open
 */
@ConfigurationProperties("konfig.config")
public record ConfigProperties(
		@DefaultValue("dev-1:a29uZmlnLWRldmVsb3BtZW50LWtleS0zMi1ieXRlcyE=") String secretKeys,
		@DefaultValue("dev-1") String activeSecretKey, @DefaultValue("55s") Duration watchMaxWait,
		@DefaultValue("15s") Duration watchHeartbeat) {
}
