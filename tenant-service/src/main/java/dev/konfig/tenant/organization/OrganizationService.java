package dev.konfig.tenant.organization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.ForbiddenException;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.tenant.membership.Membership;
import dev.konfig.tenant.membership.MembershipDirectory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** What callers may do with organizations, and in which order it happens. */
@Service
class OrganizationService {

	private static final Logger log = LoggerFactory.getLogger(OrganizationService.class);

	private final OrganizationRepository organizations;

	private final MembershipDirectory memberships;

	private final JsonMapper json;

	private final Outbox outbox;

	private final TransactionalOperator transaction;

	OrganizationService(OrganizationRepository organizations, MembershipDirectory memberships, JsonMapper json,
			Outbox outbox, TransactionalOperator transaction) {
		this.organizations = organizations;
		this.memberships = memberships;
		this.json = json;
		this.outbox = outbox;
		this.transaction = transaction;
	}

	/** The result of an internal create: the organization, and whether this call made it. */
	record Creation(OrganizationResponse organization, boolean created) {
	}

	/**
	 * Creates the organization, or recognises a retry of the same create (same id, same name)
	 * and answers the existing one.
	 */
	Mono<Creation> createInternal(InternalOrganizationRequest request) {
		UUID id = request.id() != null ? request.id() : UUID.randomUUID();
		// A retry answers the existing organization and records nothing: only the first call created it.
		return this.transaction.transactional(this.organizations.insertIfAbsent(id, request.name(), request.description())
			.flatMap(created -> recordCreated(created).thenReturn(new Creation(response(created), true))))
			.switchIfEmpty(Mono.defer(() -> this.organizations.findById(id)
				.map(existing -> {
					if (!existing.name().equalsIgnoreCase(request.name())) {
						throw new OrganizationIdTakenException(id);
					}
					return new Creation(response(existing), false);
				})
				.switchIfEmpty(Mono.error(OrganizationNameTakenException::new))));
	}

	Mono<OrganizationResponse> getInternal(UUID id) {
		return this.organizations.findById(id)
			.map(this::response)
			.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)));
	}

	/** Registration's compensation; deleting what is already gone records nothing. */
	Mono<Void> deleteInternal(UUID id) {
		return this.transaction.transactional(this.organizations.delete(id)
			.flatMap(deleted -> record(deleted.id(), "organization.deleted", snapshot(deleted))))
			.then();
	}

	Mono<Page<OrganizationResponse>> list(KonfigPrincipal principal, PageRequest request) {
		OrganizationCursor after = request.after(OrganizationCursor::decode);
		return this.memberships.membershipsOf(principal).flatMap(memberships -> {
			if (memberships.isEmpty()) {
				return Mono.just(Page.<OrganizationResponse>empty());
			}
			List<UUID> ids = memberships.stream().map(Membership::organizationId).distinct().toList();
			return Page.from(this.organizations.page(ids, after, request.fetchSize()), request,
					organization -> OrganizationCursor.of(organization).encode())
				.map(page -> page.map(this::response));
		});
	}

	Mono<OrganizationResponse> get(KonfigPrincipal principal, UUID id) {
		return requireMember(principal, id).then(this.organizations.findById(id))
			.map(this::response)
			.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)));
	}

	/**
	 * Admins change names, descriptions and settings; switching the organization on or off is
	 * the owner's decision alone.
	 */
	Mono<OrganizationResponse> update(KonfigPrincipal principal, UUID id, UpdateOrganizationRequest request) {
		return Mono.fromSupplier(() -> SettingsPatch.of(request.settings(), this.json))
			.flatMap(settings -> update(principal, id, request, settings));
	}

	private Mono<OrganizationResponse> update(KonfigPrincipal principal, UUID id, UpdateOrganizationRequest request,
			SettingsPatch settings) {
		return requireMember(principal, id).flatMap(role -> {
			if (!role.atLeast(Role.ADMIN)) {
				return Mono.error(new ForbiddenException("Changing the organization needs the admin role"));
			}
			// The row stays locked until the event is written, so its "before" is what the update changed.
			return this.transaction.transactional(this.organizations.findByIdForUpdate(id)
				.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)))
				.flatMap(current -> {
					if (settings.changesActivation(settings(current)) && !role.atLeast(Role.OWNER)) {
						return Mono.error(new ForbiddenException(
								"Activating or deactivating the organization needs the owner role"));
					}
					return this.organizations.update(id, request.name(), request.description(), settings)
						.flatMap(updated -> recordUpdated(current, updated).thenReturn(updated));
				}));
		})
			.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)))
			.map(this::response);
	}

	/**
	 * Creates the organization and asks auth-service to make the caller its owner, in one
	 * transaction with the audit event. An organization without an owner is useless and blocks
	 * its name, so when the grant fails the transaction rolls back: no organization, no event,
	 * and the caller hears 503. Holding the transaction over the call is bounded by the auth
	 * client's response timeout.
	 */
	Mono<OrganizationResponse> create(KonfigPrincipal principal, CreateOrganizationRequest request) {
		UUID id = UUID.randomUUID();
		// Only a person can own an organization: userId() refuses API keys and services (403).
		return Mono.fromSupplier(principal::userId)
			.then(this.transaction.transactional(this.organizations
				.insertIfAbsent(id, request.name(), request.description())
				.switchIfEmpty(Mono.error(OrganizationNameTakenException::new))
				.flatMap(created -> this.memberships.grantOwnership(principal, id)
					.onErrorMap(failure -> {
						log.warn("Organization {} not created: its owner could not be granted", id, failure);
						return new OrganizationCreationFailedException();
					})
					.then(recordCreated(created))
					.thenReturn(created))))
			.map(this::response);
	}

	private Mono<Void> recordCreated(Organization created) {
		return record(created.id(), "organization.created", snapshot(created));
	}

	/** Only what changed, before and after; an update that changed nothing says so with empty maps. */
	private Mono<Void> recordUpdated(Organization before, Organization after) {
		Map<String, Object> old = snapshot(before);
		Map<String, Object> now = snapshot(after);
		Map<String, Object> changedBefore = new LinkedHashMap<>();
		Map<String, Object> changedAfter = new LinkedHashMap<>();
		for (String field : now.keySet()) {
			if (!Objects.equals(old.get(field), now.get(field))) {
				changedBefore.put(field, old.get(field));
				changedAfter.put(field, now.get(field));
			}
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("before", changedBefore);
		data.put("after", changedAfter);
		return record(after.id(), "organization.updated", data);
	}

	private Mono<Void> record(UUID organizationId, String type, Map<String, Object> data) {
		return this.outbox.appendFromRequest(
				AuditEvent.of(organizationId, type, "organization", organizationId, AuditEvent.SUCCESS, data));
	}

	/** What an event says about an organization, secret-looking settings masked. */
	private Map<String, Object> snapshot(Organization organization) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("name", organization.name());
		data.put("description", organization.description());
		data.put("settings", AuditedSettings.of(settings(organization)));
		return data;
	}

	/** The caller's role in the organization; 404 for everyone else, so existence never leaks. */
	private Mono<Role> requireMember(KonfigPrincipal principal, UUID id) {
		return this.memberships.roleIn(principal, id)
			.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)));
	}

	private OrganizationResponse response(Organization organization) {
		return new OrganizationResponse(organization.id(), organization.name(), organization.description(),
				settings(organization), organization.createdAt(), organization.updatedAt());
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> settings(Organization organization) {
		return this.json.readValue(organization.settings(), LinkedHashMap.class);
	}

}
