package dev.konfig.config.entry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.config.history.ChangeType;
import dev.konfig.config.history.ConfigHistory;
import dev.konfig.config.history.HistoryEntry;
import dev.konfig.config.namespace.Namespace;
import dev.konfig.config.namespace.NamespaceNotFoundException;
import dev.konfig.config.namespace.NamespaceService;
import dev.konfig.config.secret.SecretAccess;
import dev.konfig.platform.outbox.IdempotencyKeys;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.SecretCipher;
import dev.konfig.platform.web.ConflictException;
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.ForbiddenException;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.PreconditionFailedException;
import dev.konfig.platform.web.SecretMask;
import dev.konfig.platform.web.UnprocessableException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * What callers may do with configs. Every change runs in one transaction that first locks the
 * namespace and bumps its revision, then writes the config with a conditional statement, a
 * history row and a notification for watchers; a broken rule or a stale version rolls all of it
 * back. Any user (member and up) and any API key with {@code write} may change configs.
 */
@Service
public class ConfigService {

	private static final JsonNode MASKED = StringNode.valueOf(SecretMask.VALUE);

	private final NamespaceService namespaces;

	private final ConfigRepository configs;

	private final ConfigHistory history;

	private final ValueRules rules;

	private final SecretCipher cipher;

	private final JsonMapper json;

	private final TransactionalOperator transaction;

	private final ConfigEvents events;

	private final IdempotencyKeys idempotency;

	ConfigService(NamespaceService namespaces, ConfigRepository configs, ConfigHistory history, ValueRules rules,
			SecretCipher cipher, JsonMapper json, TransactionalOperator transaction, ConfigEvents events,
			IdempotencyKeys idempotency) {
		this.events = events;
		this.idempotency = idempotency;
		this.namespaces = namespaces;
		this.configs = configs;
		this.history = history;
		this.rules = rules;
		this.cipher = cipher;
		this.json = json;
		this.transaction = transaction;
	}

	/** The flat values of a namespace at one revision; secrets follow the reveal rule. */
	public record Values(Namespace namespace, long revision, Map<String, JsonNode> values) {
	}

	public Mono<Values> values(KonfigPrincipal principal, String reference) {
		return this.namespaces.resolve(principal, reference)
			.flatMap(namespace -> values(namespace, SecretAccess.mayReveal(principal)));
	}

	/** The values of a namespace the caller has already resolved (so it is theirs). */
	public Mono<Values> values(Namespace namespace, boolean reveal) {
		return this.configs.snapshot(namespace.id())
			.switchIfEmpty(Mono.error(() -> new NamespaceNotFoundException(namespace.id().toString())))
			.map(snapshot -> {
				Map<String, JsonNode> values = new LinkedHashMap<>();
				snapshot.configs().forEach(config -> values.put(config.key(), value(config, reveal)));
				return new Values(namespace, snapshot.revision(), values);
			});
	}

	Mono<Page<ConfigResponse>> list(KonfigPrincipal principal, String reference, PageRequest request) {
		String afterKey = request.after(ConfigCursor::key);
		return this.namespaces.resolve(principal, reference)
			.flatMap(namespace -> Page.from(this.configs.page(namespace.id(), afterKey, request.fetchSize()), request,
					config -> ConfigCursor.encode(config.key())))
			// Lists never show secrets, whoever asks.
			.map(page -> page.map(config -> response(config, false)));
	}

	Mono<ConfigResponse> get(KonfigPrincipal principal, String reference, String key) {
		return this.namespaces.resolve(principal, reference)
			.flatMap(namespace -> this.configs.find(namespace.id(), key))
			.switchIfEmpty(Mono.error(() -> new ConfigNotFoundException(key)))
			.map(config -> response(config, SecretAccess.mayReveal(principal)));
	}

	/**
	 * Creates a config; with an {@code Idempotency-Key}, a repeat of the same request (after a lost
	 * answer or a replica that died) gets the config the first one created, as it is now.
	 */
	Mono<ConfigResponse> create(KonfigPrincipal principal, String reference, ConfigRequests.Create request,
			@Nullable String idempotencyKey) {
		return this.namespaces.resolve(principal, reference).flatMap(namespace -> {
			ValidationSchema schema = request.validationSchema() == null ? ValidationSchema.NONE
					: request.validationSchema();
			this.rules.checkSchema(request.valueType(), schema);
			this.rules.check(request.valueType(), schema, request.value());
			boolean secret = Boolean.TRUE.equals(request.isSecret());
			Mono<Config> work = this.namespaces.lockForChange(namespace)
				.flatMap(locked -> this.history.lastVersion(locked.id(), request.key()).flatMap(last -> {
					Stored stored = store(locked.organizationId(), secret, request.value());
					Config config = new Config(UUID.randomUUID(), locked.organizationId(), locked.id(), request.key(),
							request.valueType(), stored.value(), stored.keyId(), secret, schemaText(schema),
							request.description(), last + 1, null, null, principal.subject());
					return this.configs.insert(config)
						.switchIfEmpty(Mono.error(() -> new ConfigKeyTakenException(request.key())))
						.flatMap(saved -> record(principal, locked, saved, ChangeType.CREATE, saved.value(),
								saved.secretKeyId())
							.then(this.events.created(locked, saved, request.value()))
							.thenReturn(saved));
				}));
			return this.idempotency
				.once(namespace.organizationId(), idempotencyKey, fingerprint(namespace, request, secret), work,
						saved -> new IdempotencyKeys.Answer(201, saved.id().toString()),
						answer -> this.configs.find(namespace.id(), request.key())
							.filter(found -> found.id().toString().equals(answer.body()))
							.switchIfEmpty(Mono.error(() -> new ConflictException("The config this "
									+ IdempotencyKeys.HEADER + " created was deleted since"))))
				.as(this.transaction::transactional);
		}).map(saved -> response(saved, SecretAccess.mayReveal(principal)));
	}

	/** What makes a create request the same one again; a secret's value is left out of it. */
	private String fingerprint(Namespace namespace, ConfigRequests.Create request, boolean secret) {
		ConfigRequests.Create kept = secret ? new ConfigRequests.Create(request.key(), StringNode.valueOf(""),
				request.valueType(), request.validationSchema(), request.description(), request.isSecret()) : request;
		return "create config in " + namespace.id() + " " + this.json.writeValueAsString(kept);
	}

	Mono<ConfigResponse> update(KonfigPrincipal principal, String reference, String key, String ifMatch,
			ConfigRequests.Update request) {
		return this.namespaces.resolve(principal, reference).flatMap(namespace -> {
			List<Long> expected = expectedVersions(namespace, ifMatch);
			return this.namespaces.lockForChange(namespace)
				.flatMap(locked -> current(locked, key, expected).flatMap(current -> {
					mayChangeSecretness(principal, current, request);
					ValueType type = request.valueType() != null ? request.valueType() : current.valueType();
					ValidationSchema schema = request.validationSchema() != null ? request.validationSchema()
							: schemaOf(current);
					JsonNode value = request.value() != null ? request.value() : plainValue(current);
					boolean secret = request.isSecret() != null ? request.isSecret() : current.secret();
					String description = request.description() != null ? request.description()
							: current.description();
					return write(principal, locked, current, type, schema, value, secret, description, expected,
							ChangeType.UPDATE, null);
				}))
				.as(this.transaction::transactional);
		}).map(saved -> response(saved, SecretAccess.mayReveal(principal)));
	}

	Mono<Void> delete(KonfigPrincipal principal, String reference, String key, String ifMatch) {
		return this.namespaces.resolve(principal, reference).flatMap(namespace -> {
			List<Long> expected = expectedVersions(namespace, ifMatch);
			return this.namespaces.lockForChange(namespace)
				.flatMap(locked -> current(locked, key, expected)
					.flatMap(current -> this.configs.deleteIfVersion(current.id(), expected))
					.switchIfEmpty(Mono.error(() -> stale(key)))
					.flatMap(deleted -> record(principal, locked,
							withVersion(deleted, deleted.version() + 1), ChangeType.DELETE, null, null)
						.then(this.events.deleted(locked, deleted))))
				.as(this.transaction::transactional);
		});
	}

	/**
	 * The versions a write may replace. Without {@code If-Match} the write applies to the current
	 * version (konfig's behaviour), unless the namespace requires the header (428); when sent, a
	 * stale one answers 412.
	 */
	private static List<Long> expectedVersions(Namespace namespace, String ifMatch) {
		return namespace.requireIfMatch() ? EntityTags.requiredVersions(ifMatch) : EntityTags.optionalVersions(ifMatch);
	}

	/**
	 * Writes an earlier version's value as a new version. The value must still fit the config's
	 * current type and rules; {@code If-Match} is checked as for updates.
	 */
	Mono<ConfigResponse> rollback(KonfigPrincipal principal, String reference, String key, String ifMatch,
			long version) {
		return this.namespaces.resolve(principal, reference).flatMap(namespace -> {
			List<Long> expected = expectedVersions(namespace, ifMatch);
			return this.namespaces.lockForChange(namespace)
				.flatMap(locked -> current(locked, key, expected)
					.flatMap(current -> this.history.version(locked.organizationId(), locked.id(), key, version)
						.switchIfEmpty(Mono.error(() -> new ConfigNotFoundException(key, version)))
						.flatMap(earlier -> {
							if (earlier.secret() && !SecretAccess.mayReveal(principal)) {
								// Its value would be checked against rules the caller may have just set.
								return Mono.error(new ForbiddenException(
										"Restoring a version of a secret needs the right to reveal it"));
							}
							if (earlier.value() == null) {
								return Mono.error(new UnprocessableException(
										"Version " + version + " records a deletion and has no value to restore"));
							}
							JsonNode value = this.json.readTree(plaintext(earlier.organizationId(), earlier.secret(),
									earlier.value(), earlier.secretKeyId()));
							return write(principal, locked, current, current.valueType(), schemaOf(current), value,
									current.secret(), current.description(), List.of(current.version()),
									ChangeType.ROLLBACK, version);
						})))
				.as(this.transaction::transactional);
		}).map(saved -> response(saved, SecretAccess.mayReveal(principal)));
	}

	/** History newest first; readable after the config and even its namespace are deleted. */
	Mono<Page<HistoryResponse>> history(KonfigPrincipal principal, String reference, String key,
			PageRequest request) {
		Long beforeVersion = request.after(ConfigCursor::version);
		return namespaceIdForHistory(principal, reference)
			.flatMap(namespaceId -> Page.from(
					this.history.ofKey(principal.requireOrganization(), namespaceId, key, beforeVersion,
							request.fetchSize()),
					request, entry -> ConfigCursor.encode(Long.toString(entry.version()))))
			.flatMap(page -> {
				if (page.items().isEmpty() && beforeVersion == null) {
					return Mono.error(new ConfigNotFoundException(key));
				}
				return Mono.just(page.map(this::historyResponse));
			});
	}

	Mono<DiffResponse> diff(KonfigPrincipal principal, String reference, String key, long from, Long to) {
		UUID organization = principal.requireOrganization();
		return namespaceIdForHistory(principal, reference).flatMap(namespaceId -> {
			Mono<Long> target = to != null ? Mono.just(to)
					: this.history.lastVersion(namespaceId, key).filter(last -> last > 0)
						.switchIfEmpty(Mono.error(() -> new ConfigNotFoundException(key)));
			return target.flatMap(toVersion -> Mono
				.zip(this.history.version(organization, namespaceId, key, from)
					.switchIfEmpty(Mono.error(() -> new ConfigNotFoundException(key, from))),
						this.history.version(organization, namespaceId, key, toVersion)
							.switchIfEmpty(Mono.error(() -> new ConfigNotFoundException(key, toVersion))))
				.map(pair -> {
					HistoryEntry a = pair.getT1();
					HistoryEntry b = pair.getT2();
					if ((a.secret() || b.secret()) && !SecretAccess.mayReveal(principal)) {
						throw new ForbiddenException("Comparing versions of a secret needs the right to reveal it");
					}
					if (a.value() == null || b.value() == null) {
						throw new UnprocessableException("A version that records a deletion has no value to compare");
					}
					if (!"json".equals(a.valueType()) || !"json".equals(b.valueType())) {
						throw new UnprocessableException("Only versions of a json config can be compared");
					}
					JsonDiff diff = JsonDiff.between(historyValue(a), historyValue(b));
					return new DiffResponse(key, from, toVersion, diff.added(), diff.removed(), diff.changed());
				}));
		});
	}

	private Mono<UUID> namespaceIdForHistory(KonfigPrincipal principal, String reference) {
		return this.namespaces.resolve(principal, reference)
			.map(Namespace::id)
			.onErrorResume(NamespaceNotFoundException.class,
					missing -> this.history.namespace(principal.requireOrganization(), reference)
						.map(ConfigHistory.NamespaceTrace::id)
						.switchIfEmpty(Mono.error(missing)));
	}

	/**
	 * A caller who may not reveal a secret may neither turn it into a plain config (the answer
	 * would show the value) nor change its rules without sending a new value: the stored value
	 * would be checked against rules of the caller's choosing, and 200 or 422 would tell
	 * something about it (a {@code pattern} of {@code ^a.*$} recovers it character by
	 * character). Refused before any check touches the stored value. A new value with rules is
	 * fine: the caller supplies what is checked.
	 */
	private static void mayChangeSecretness(KonfigPrincipal principal, Config current, ConfigRequests.Update request) {
		if (!current.secret() || SecretAccess.mayReveal(principal)) {
			return;
		}
		if (Boolean.FALSE.equals(request.isSecret())) {
			throw new ForbiddenException("Turning a secret into a plain config needs the right to reveal it");
		}
		if (request.value() == null && (request.valueType() != null || request.validationSchema() != null)) {
			throw new ForbiddenException(
					"Changing the rules of a secret without a new value needs the right to reveal it");
		}
	}

	/** The config, which must still have one of the expected versions (any when empty). */
	private Mono<Config> current(Namespace namespace, String key, List<Long> expected) {
		return this.configs.find(namespace.id(), key)
			.switchIfEmpty(Mono.error(() -> new ConfigNotFoundException(key)))
			.flatMap(current -> (expected.isEmpty() || expected.contains(current.version())) ? Mono.just(current)
					: Mono.error(stale(key)));
	}

	private Mono<Config> write(KonfigPrincipal principal, Namespace namespace, Config current, ValueType type,
			ValidationSchema schema, JsonNode value, boolean secret, String description, List<Long> expected,
			ChangeType change, Long restoredVersion) {
		this.rules.checkSchema(type, schema);
		this.rules.check(type, schema, value);
		Stored stored = store(namespace.organizationId(), secret, value);
		Config next = new Config(current.id(), current.organizationId(), current.namespaceId(), current.key(), type,
				stored.value(), stored.keyId(), secret, schemaText(schema), description, current.version(), null, null,
				principal.subject());
		return this.configs.updateIfVersion(next, expected)
			.switchIfEmpty(Mono.error(() -> stale(current.key())))
			.flatMap(saved -> record(principal, namespace, saved, change, saved.value(), saved.secretKeyId())
				.then(this.events.changed(namespace, current, plainValue(current), saved, value, restoredVersion))
				.thenReturn(saved));
	}

	private Mono<Void> record(KonfigPrincipal principal, Namespace namespace, Config config, ChangeType change,
			String value, String keyId) {
		HistoryEntry entry = new HistoryEntry(UUID.randomUUID(), namespace.organizationId(), namespace.id(),
				namespace.name(), config.id(), config.key(), config.version(), namespace.revision(), change,
				config.valueType().value(), value, keyId, config.secret(), principal.subject(), principal.type().claim(),
				null);
		return this.history.record(entry).then(this.history.announce(namespace.id(), namespace.revision()));
	}

	private record Stored(String value, String keyId) {
	}

	private Stored store(UUID organizationId, boolean secret, JsonNode value) {
		String text = this.json.writeValueAsString(value);
		if (!secret) {
			return new Stored(text, null);
		}
		SecretCipher.Sealed sealed = this.cipher.encrypt(text, organizationId.toString());
		return new Stored(sealed.ciphertext(), sealed.keyId());
	}

	private String plaintext(UUID organizationId, boolean secret, String stored, String keyId) {
		return secret ? this.cipher.decrypt(new SecretCipher.Sealed(keyId, stored), organizationId.toString()) : stored;
	}

	private JsonNode plainValue(Config config) {
		return this.json
			.readTree(plaintext(config.organizationId(), config.secret(), config.value(), config.secretKeyId()));
	}

	private JsonNode value(Config config, boolean reveal) {
		return (config.secret() && !reveal) ? MASKED : plainValue(config);
	}

	private JsonNode historyValue(HistoryEntry entry) {
		return this.json
			.readTree(plaintext(entry.organizationId(), entry.secret(), entry.value(), entry.secretKeyId()));
	}

	private HistoryResponse historyResponse(HistoryEntry entry) {
		JsonNode value = entry.value() == null ? null : entry.secret() ? MASKED : this.json.readTree(entry.value());
		return new HistoryResponse(entry.version(), entry.changeType().value(), value, entry.valueType(),
				entry.secret(), entry.actorId(), entry.actorType(), entry.changedAt(), entry.namespaceRevision());
	}

	private ConfigResponse response(Config config, boolean reveal) {
		return new ConfigResponse(config.id(), config.namespaceId(), config.key(), value(config, reveal),
				config.valueType(), schemaOf(config), config.description(), config.secret(), config.version(),
				config.createdAt(), config.updatedAt(), config.updatedBy());
	}

	private ValidationSchema schemaOf(Config config) {
		return config.validationSchema() == null ? ValidationSchema.NONE
				: this.json.readValue(config.validationSchema(), ValidationSchema.class);
	}

	private String schemaText(ValidationSchema schema) {
		return schema.equals(ValidationSchema.NONE) ? null : this.json.writeValueAsString(schema);
	}

	private static Config withVersion(Config config, long version) {
		return new Config(config.id(), config.organizationId(), config.namespaceId(), config.key(), config.valueType(),
				null, null, config.secret(), config.validationSchema(), config.description(), version,
				config.createdAt(), config.updatedAt(), config.updatedBy());
	}

	private static PreconditionFailedException stale(String key) {
		return new PreconditionFailedException(
				"Config '" + key + "' has changed since the version named in If-Match; read it again");
	}

}
