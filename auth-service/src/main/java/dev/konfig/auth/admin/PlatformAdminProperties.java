package dev.konfig.auth.admin;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Platform administrators named by configuration ({@code konfig.auth.platform.admins},
 * {@code KONFIG_AUTH_PLATFORM_ADMINS}, comma separated emails). Their flag is set at start-up,
 * at registration and at every login, and cannot be revoked through the API.
 *
 * @param admins emails, compared case-insensitively
 */
@ConfigurationProperties("konfig.auth.platform")
public record PlatformAdminProperties(@DefaultValue List<String> admins) {

	/** The listed emails, trimmed and lower-cased, blanks dropped. */
	public Set<String> emails() {
		return this.admins.stream()
			.map(email -> email.trim().toLowerCase(Locale.ROOT))
			.filter(email -> !email.isEmpty())
			.collect(Collectors.toUnmodifiableSet());
	}

	public boolean listed(String email) {
		return email != null && emails().contains(email.trim().toLowerCase(Locale.ROOT));
	}

}
