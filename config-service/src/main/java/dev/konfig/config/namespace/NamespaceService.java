package dev.konfig.config.namespace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.config.history.ChangeType;
import dev.konfig.config.history.ConfigHistory;
import dev.konfig.config.history.HistoryEntry;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import reactor.core.publisher.Mono;

/**
 * What callers may do with namespaces. Any member (and any API key with {@code write}) may
 * create and change them; deleting one, with all its configs, needs the admin role.
 */
@Service
public class NamespaceService {

	private final NamespaceRepository namespaces;

	private final ConfigHistory history;

	private final TransactionalOperator transaction;

	private final Outbox outbox;

	NamespaceService(NamespaceRepository namespaces, ConfigHistory history, TransactionalOperator transaction,
			Outbox outbox) {
		this.namespaces = namespaces;
		this.history = history;
		this.transaction = transaction;
		this.outbox = outbox;
	}

	/** The caller's namespace by id or name; 404 for everyone else's. */
	public Mono<Namespace> resolve(KonfigPrincipal principal, String reference) {
		return Mono.fromSupplier(principal::requireOrganization)
			.flatMap(org -> this.namespaces.find(org, reference))
			.switchIfEmpty(Mono.error(() -> new NamespaceNotFoundException(reference)));
	}

	/** The namespace's revision now; 404 once it is deleted. */
	public Mono<Long> currentRevision(Namespace namespace) {
		return this.namespaces.revision(namespace.organizationId(), namespace.id())
			.switchIfEmpty(Mono.error(() -> new NamespaceNotFoundException(namespace.id().toString())));
	}

	/**
	 * Locks the namespace for the rest of the transaction and bumps its revision: the first step
	 * of every config change, so changes of one namespace are serialized and never deadlock.
	 */
	public Mono<Namespace> lockForChange(Namespace namespace) {
		return this.namespaces.lockAndBump(namespace.organizationId(), namespace.id())
			.switchIfEmpty(Mono.error(() -> new NamespaceNotFoundException(namespace.id().toString())));
	}

	Mono<Page<NamespaceResponse>> list(KonfigPrincipal principal, PageRequest request) {
		NamespaceCursor after = request.after(NamespaceCursor::decode);
		return Mono.fromSupplier(principal::requireOrganization)
			.flatMap(org -> Page.from(this.namespaces.page(org, after, request.fetchSize()), request,
					namespace -> new NamespaceCursor(namespace.name()).encode()))
			.map(page -> page.map(NamespaceResponse::of));
	}

	Mono<Namespace> create(KonfigPrincipal principal, NamespaceRequests.Create request) {
		return Mono.fromSupplier(principal::requireOrganization)
			.flatMap(org -> this.namespaces.insert(org, request.name(), request.description(), request.strict()))
			.switchIfEmpty(Mono.error(() -> new NamespaceNameTakenException(request.name())))
			.flatMap(created -> record(created, "namespace.created", snapshot(created)).thenReturn(created))
			.as(this.transaction::transactional);
	}

	/** The row stays locked from the read to the event, so "before" is exactly what the update replaced. */
	Mono<Namespace> update(KonfigPrincipal principal, String reference, NamespaceRequests.Update request) {
		return resolve(principal, reference)
			.flatMap(namespace -> this.namespaces.lock(namespace.organizationId(), namespace.id())
				.flatMap(before -> this.namespaces
					.update(before.organizationId(), before.id(), request.name(), request.description(),
						request.requireIfMatch())
					// Announced (at the same revision: watchers do not wake) so every replica drops
					// what it keeps of the namespace under its old name or settings.
					.flatMap(after -> record(after, "namespace.updated", changes(before, after))
						.then(this.history.announce(after.id(), after.revision()))
						.thenReturn(after)))
				.switchIfEmpty(Mono.error(() -> new NamespaceNotFoundException(reference))))
			.as(this.transaction::transactional);
	}

	/**
	 * Deletes the namespace and its configs. Each config gets a last history row (a delete), so
	 * its history tells the whole story, and watchers hear of it.
	 */
	Mono<Void> delete(KonfigPrincipal principal, String reference) {
		return Mono.fromSupplier(() -> principal.requireRole(Role.ADMIN))
			.then(resolve(principal, reference))
			.flatMap(namespace -> lockForChange(namespace)
				.flatMap(locked -> this.namespaces.configsOf(locked.id())
					.concatMap(config -> this.history.record(deletion(principal, locked, config)).thenReturn(config))
					.count()
					.flatMap(configs -> this.namespaces.delete(locked.organizationId(), locked.id())
						.then(this.history.announce(locked.id(), locked.revision()))
						.then(record(locked, "namespace.deleted", deleted(locked, configs)))))
				.as(this.transaction::transactional))
			.then();
	}

	/** Appends the event to the outbox; callers run it inside the change's transaction. */
	private Mono<Void> record(Namespace namespace, String type, Map<String, Object> data) {
		return this.outbox.appendFromRequest(AuditEvent.of(namespace.organizationId(), type, "namespace",
				namespace.id(), AuditEvent.SUCCESS, data));
	}

	private static Map<String, Object> snapshot(Namespace namespace) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("name", namespace.name());
		data.put("description", namespace.description());
		data.put("require_if_match", namespace.requireIfMatch());
		return data;
	}

	/** Only the fields that changed, before and after. */
	private static Map<String, Object> changes(Namespace before, Namespace after) {
		Map<String, Object> old = snapshot(before);
		Map<String, Object> now = snapshot(after);
		Map<String, Object> changedBefore = new LinkedHashMap<>();
		Map<String, Object> changedAfter = new LinkedHashMap<>();
		now.forEach((field, value) -> {
			if (!Objects.equals(old.get(field), value)) {
				changedBefore.put(field, old.get(field));
				changedAfter.put(field, value);
			}
		});
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("name", after.name());
		data.put("before", changedBefore);
		data.put("after", changedAfter);
		return data;
	}

	private static Map<String, Object> deleted(Namespace namespace, long configs) {
		Map<String, Object> data = snapshot(namespace);
		data.put("configs_deleted", configs);
		return data;
	}

	private static HistoryEntry deletion(KonfigPrincipal principal, Namespace namespace,
			NamespaceRepository.ConfigTrace config) {
		return new HistoryEntry(UUID.randomUUID(), namespace.organizationId(), namespace.id(), namespace.name(),
				config.id(), config.key(), config.version() + 1, namespace.revision(), ChangeType.DELETE,
				config.valueType(), null, null, config.secret(), principal.subject(), principal.type().claim(), null);
	}

}
