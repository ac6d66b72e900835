package dev.konfig.tenant.shop;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import dev.konfig.platform.security.SecretCipher;
import dev.konfig.tenant.system.ShopProperties;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A shop's platform credentials (SH-7): a JSON object of at most 10 named strings, sealed with
 * AES-256-GCM under tenant-service's keys, the organization id bound as associated data so a
 * ciphertext copied to another organization's shop does not open. Values never leave this class
 * except towards the internal credentials endpoint; everything else sees the entry names.
 */
@Component
class ShopCredentials {

	static final int MAX_ENTRIES = 10;

	static final int MAX_VALUE_LENGTH = 4096;

	private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");

	private static final TypeReference<TreeMap<String, String>> ENTRIES = new TypeReference<>() {
	};

	private final SecretCipher cipher;

	private final JsonMapper json;

	ShopCredentials(ShopProperties properties, JsonMapper json) {
		this.cipher = new SecretCipher(properties.secretKeys(), properties.activeSecretKey());
		this.json = json;
	}

	/**
	 * Credentials as stored: the sealed bytes and the id of the key that sealed them (both null
	 * when there are none), and the entry names.
	 */
	record Sealed(@Nullable byte[] ciphertext, @Nullable String keyId, List<String> names) {

		static final Sealed NONE = new Sealed(null, null, List.of());

	}

	/** The credentials of a create: an object of strings (a {@code null} body field means none). */
	Map<String, String> of(@Nullable JsonNode credentials) {
		if (credentials == null || credentials.isNull()) {
			return Map.of();
		}
		return checked(entries(credentials, false));
	}

	/**
	 * The stored credentials with a PATCH's entries merged in: an entry sent as {@code null} is
	 * removed, {@code credentials: null} removes them all.
	 */
	Map<String, String> merged(Map<String, String> current, JsonNode patch) {
		if (patch.isNull()) {
			return Map.of();
		}
		Map<String, String> merged = new TreeMap<>(current);
		entries(patch, true).forEach((name, value) -> {
			if (value == null) {
				merged.remove(name);
			}
			else {
				merged.put(name, value);
			}
		});
		return checked(merged);
	}

	Sealed seal(UUID organizationId, Map<String, String> credentials) {
		if (credentials.isEmpty()) {
			return Sealed.NONE;
		}
		SecretCipher.Sealed sealed = this.cipher.encrypt(this.json.writeValueAsString(new TreeMap<>(credentials)),
				organizationId.toString());
		return new Sealed(Base64.getDecoder().decode(sealed.ciphertext()), sealed.keyId(),
				List.copyOf(new TreeSet<>(credentials.keySet())));
	}

	/** The shop's credentials in clear; empty when it has none. */
	Map<String, String> open(Shop shop) {
		if (shop.credentials() == null || shop.credentialsKeyId() == null) {
			return Map.of();
		}
		String plain = this.cipher.decrypt(new SecretCipher.Sealed(shop.credentialsKeyId(),
				Base64.getEncoder().encodeToString(shop.credentials())), shop.organizationId().toString());
		return this.json.readValue(plain, ENTRIES);
	}

	/** The names of the entries that were added, removed or given another value. */
	static List<String> changed(Map<String, String> before, Map<String, String> after) {
		TreeSet<String> names = new TreeSet<>(before.keySet());
		names.addAll(after.keySet());
		List<String> changed = new ArrayList<>();
		for (String name : names) {
			if (!Objects.equals(before.get(name), after.get(name))) {
				changed.add(name);
			}
		}
		return changed;
	}

	/** The entries of an object of strings (and nulls, where allowed), each name checked. */
	private static Map<String, String> entries(JsonNode credentials, boolean nullsAllowed) {
		if (!credentials.isObject()) {
			throw new InvalidShopRequestException("credentials", "must be a JSON object of strings");
		}
		Map<String, String> entries = new TreeMap<>();
		for (Map.Entry<String, JsonNode> entry : credentials.properties()) {
			String field = "credentials." + entry.getKey();
			if (!NAME.matcher(entry.getKey()).matches()) {
				throw new InvalidShopRequestException("credentials",
						"entry names must be lower case letters, digits and _, starting with a letter, at most 64");
			}
			JsonNode value = entry.getValue();
			if (value.isNull() && nullsAllowed) {
				entries.put(entry.getKey(), null);
			}
			else if (!value.isString()) {
				throw new InvalidShopRequestException(field, "must be a string");
			}
			else if (value.asString().length() > MAX_VALUE_LENGTH) {
				throw new InvalidShopRequestException(field, "must be at most " + MAX_VALUE_LENGTH + " characters");
			}
			else {
				entries.put(entry.getKey(), value.asString());
			}
		}
		return entries;
	}

	private static Map<String, String> checked(Map<String, String> credentials) {
		if (credentials.size() > MAX_ENTRIES) {
			throw new InvalidShopRequestException("credentials", "must have at most " + MAX_ENTRIES + " entries");
		}
		return credentials;
	}

}
