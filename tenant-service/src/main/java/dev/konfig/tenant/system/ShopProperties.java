package dev.konfig.tenant.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of an organization's shops.
 *
 * @param platforms the platforms a shop may name ({@code KONFIG_TENANT_SHOP_PLATFORMS})
 * @param maxPerOrganization shops one organization may have
 * @param secretKeys AES keys that seal shop credentials, {@code id:base64key,...}; old ids stay
 * listed after a rotation so older credentials can still be opened. The default is a published
 * development key
 * @param activeSecretKey the id of the key new credentials are sealed with
 */
@ConfigurationProperties("konfig.tenant.shops")
public record ShopProperties(@DefaultValue({ "etsy", "shopify", "craftflow", "manual", "other" }) List<String> platforms,
		@DefaultValue("100") int maxPerOrganization,
		@DefaultValue("dev-1:a29uZmlnLWRldmVsb3BtZW50LWtleS0zMi1ieXRlcyE=") String secretKeys,
		@DefaultValue("dev-1") String activeSecretKey) {

	public ShopProperties {
		platforms = platforms.stream().map(String::trim).filter(platform -> !platform.isEmpty()).toList();
		if (maxPerOrganization < 1) {
			throw new IllegalArgumentException("konfig.tenant.shops.max-per-organization must be positive");
		}
	}

}
