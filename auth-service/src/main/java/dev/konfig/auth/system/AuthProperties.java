package dev.konfig.auth.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * auth-service settings ({@code konfig.auth.*}). Its calls to tenant-service are the
 * platform's outbound client {@code tenant-service} ({@code konfig.http.*}).
 *
 * @param keyEncryptionKey base64 AES key (16, 24 or 32 bytes) encrypting the signing keys at rest
 * @param keyRotationAge age after which the active signing key is replaced
 * @param keyReloadInterval how often a replica reloads the signing keys from the database
 * @param accessTokenTtl users' access token lifetime
 * @param apiKeyTokenTtl lifetime of tokens exchanged for API keys
 * @param serviceTokenTtl lifetime of service (client credentials) tokens
 * @param refreshTokenTtl refresh token lifetime
 * @param invitationTtl how long an invitation (and a resent one) can be accepted
 * @param allowedScopes scopes an API key may carry
 * @param clients service client id to secret
 * @param throttle failed-login limits
 * @param argon2 password hashing cost
 */
@ConfigurationProperties("konfig.auth")
public record AuthProperties(@DefaultValue("ZGV2LW9ubHkta2V5LWVuY3J5cHRpb24ta2V5LTMyYnk=") String keyEncryptionKey,
		@DefaultValue("30d") Duration keyRotationAge, @DefaultValue("60s") Duration keyReloadInterval,
		@DefaultValue("15m") Duration accessTokenTtl, @DefaultValue("5m") Duration apiKeyTokenTtl,
		@DefaultValue("5m") Duration serviceTokenTtl, @DefaultValue("30d") Duration refreshTokenTtl,
		@DefaultValue("7d") Duration invitationTtl,
		@DefaultValue({ "read", "write", "secrets:read", "audit:read", "print:agent" }) List<String> allowedScopes, @DefaultValue Map<String, String> clients,
		@DefaultValue Throttle throttle, @DefaultValue Argon2 argon2) {

	/**
	 * Failed logins within the window. Only a client address, or one account from one address,
	 * is refused with 429; failures of one account across addresses only slow its logins down,
	 * so strangers cannot lock a person out (docs/decisions.md, "Login throttling").
	 *
	 * @param accountLimit failures of an account from all addresses before its logins are slowed
	 * @param addressLimit failures per client address before it is refused
	 * @param pairLimit failures of one account from one address before that address is refused
	 * for it
	 * @param window how far back failures count
	 * @param accountDelay the first slow-down, doubled for every further failure of the account
	 * @param maxAccountDelay the longest slow-down (below the gateway's route timeout)
	 */
	public record Throttle(@DefaultValue("5") int accountLimit, @DefaultValue("20") int addressLimit,
			@DefaultValue("5") int pairLimit, @DefaultValue("15m") Duration window,
			@DefaultValue("1s") Duration accountDelay, @DefaultValue("10s") Duration maxAccountDelay) {
	}

	/**
	 * Argon2id cost.
	 *
	 * @param memoryKib memory in KiB
	 * @param iterations passes
	 * @param parallelism lanes
	 */
	public record Argon2(@DefaultValue("19456") int memoryKib, @DefaultValue("2") int iterations,
			@DefaultValue("1") int parallelism) {
	}

}
