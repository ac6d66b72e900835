package dev.konfig.config.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import dev.konfig.config.namespace.Namespace;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.web.SecretMask;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit events of config changes, appended to the outbox. Every method must run inside the
 * change's transaction. A secret's value never enters an event: it reads {@link SecretMask#VALUE}
 * on both sides of a change whenever the config is secret before or after it.
 */
@Component
class ConfigEvents {

	private final Outbox outbox;

	private final JsonMapper json;

	ConfigEvents(Outbox outbox, JsonMapper json) {
		this.outbox = outbox;
		this.json = json;
	}

	Mono<Void> created(Namespace namespace, Config config, JsonNode value) {
		Map<String, Object> data = header(namespace, config);
		data.putAll(snapshot(config, config.secret() ? null : value));
		return append(namespace, config, "config.created", data);
	}

	/**
	 * An update or a rollback: the fields that changed, before and after.
	 *
	 * @param restoredVersion the version a rollback restored; {@code null} for an update
	 */
	Mono<Void> changed(Namespace namespace, Config before, JsonNode beforeValue, Config after, JsonNode afterValue,
			@Nullable Long restoredVersion) {
		boolean secret = before.secret() || after.secret();
		Map<String, Object> old = snapshot(before, secret ? null : beforeValue);
		Map<String, Object> now = snapshot(after, secret ? null : afterValue);
		Map<String, Object> changedBefore = new LinkedHashMap<>();
		Map<String, Object> changedAfter = new LinkedHashMap<>();
		// Secret values compare by plaintext (ciphertexts always differ), then show masked.
		boolean valueChanged = !Objects.equals(beforeValue, afterValue);
		now.forEach((field, value) -> {
			boolean differs = field.equals("value") ? valueChanged : !Objects.equals(old.get(field), value);
			if (differs && !field.equals("version")) {
				changedBefore.put(field, old.get(field));
				changedAfter.put(field, value);
			}
		});
		Map<String, Object> data = header(namespace, after);
		data.put("version", after.version());
		if (restoredVersion != null) {
			data.put("restored_version", restoredVersion);
		}
		data.put("before", changedBefore);
		data.put("after", changedAfter);
		return append(namespace, after, restoredVersion == null ? "config.updated" : "config.rolled_back", data);
	}

	/** A deletion names the config and the version it removed, without any value. */
	Mono<Void> deleted(Namespace namespace, Config deleted) {
		Map<String, Object> data = header(namespace, deleted);
		data.put("version", deleted.version());
		data.put("value_type", deleted.valueType().value());
		data.put("is_secret", deleted.secret());
		return append(namespace, deleted, "config.deleted", data);
	}

	private Mono<Void> append(Namespace namespace, Config config, String type, Map<String, Object> data) {
		return this.outbox.appendFromRequest(
				AuditEvent.of(namespace.organizationId(), type, "config", config.id(), AuditEvent.SUCCESS, data));
	}

	private static Map<String, Object> header(Namespace namespace, Config config) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("namespace_id", namespace.id());
		data.put("namespace", namespace.name());
		data.put("key", config.key());
		return data;
	}

	/** The config's fields; {@code value} null means masked. */
	private Map<String, Object> snapshot(Config config, @Nullable JsonNode value) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("value", value == null ? SecretMask.VALUE : value);
		data.put("value_type", config.valueType().value());
		data.put("is_secret", config.secret());
		data.put("description", config.description());
		data.put("validation_schema",
				config.validationSchema() == null ? null : this.json.readTree(config.validationSchema()));
		data.put("version", config.version());
		return data;
	}

}
