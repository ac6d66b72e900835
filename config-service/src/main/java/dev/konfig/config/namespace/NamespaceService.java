package dev.konfig.config.namespace;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.config.history.ChangeType;
import dev.konfig.config.history.ConfigHistory;
import dev.konfig.config.history.HistoryEntry;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
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

	NamespaceService(NamespaceRepository namespaces, ConfigHistory history, TransactionalOperator transaction) {
		this.namespaces = namespaces;
		this.history = history;
		this.transaction = transaction;
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

	Mono<NamespacePage> list(KonfigPrincipal principal, int limit, NamespaceCursor after) {
		return Mono.fromSupplier(principal::requireOrganization)
			.flatMap(org -> this.namespaces.page(org, after, limit + 1).collectList())
			.map(rows -> {
				boolean more = rows.size() > limit;
				List<Namespace> page = more ? rows.subList(0, limit) : rows;
				String next = more ? new NamespaceCursor(page.get(page.size() - 1).name()).encode() : null;
				return new NamespacePage(page.stream().map(NamespaceResponse::of).toList(), next);
			});
	}

	Mono<Namespace> create(KonfigPrincipal principal, NamespaceRequests.Create request) {
		return Mono.fromSupplier(principal::requireOrganization)
			.flatMap(org -> this.namespaces.insert(org, request.name(), request.description()))
			.switchIfEmpty(Mono.error(() -> new NamespaceNameTakenException(request.name())));
	}

	Mono<Namespace> update(KonfigPrincipal principal, String reference, NamespaceRequests.Update request) {
		return resolve(principal, reference).flatMap(namespace -> this.namespaces
			.update(namespace.organizationId(), namespace.id(), request.name(), request.description())
			.switchIfEmpty(Mono.error(() -> new NamespaceNotFoundException(reference))));
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
					.concatMap(config -> this.history.record(deletion(principal, locked, config)))
					.then(this.namespaces.delete(locked.organizationId(), locked.id()))
					.then(this.history.announce(locked.id(), locked.revision())))
				.as(this.transaction::transactional))
			.then();
	}

	private static HistoryEntry deletion(KonfigPrincipal principal, Namespace namespace,
			NamespaceRepository.ConfigTrace config) {
		return new HistoryEntry(UUID.randomUUID(), namespace.organizationId(), namespace.id(), namespace.name(),
				config.id(), config.key(), config.version() + 1, namespace.revision(), ChangeType.DELETE,
				config.valueType(), null, null, config.secret(), principal.subject(), principal.type().claim(), null);
	}

}
