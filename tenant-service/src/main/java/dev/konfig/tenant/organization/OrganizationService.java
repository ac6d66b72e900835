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
import dev.konfig.tenant.shop.OrganizationShops;
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

	private final OrganizationShops shops;

	OrganizationService(OrganizationRepository organizations, MembershipDirectory memberships, JsonMapper json,
			Outbox outbox, TransactionalOperator transaction, OrganizationShops shops) {
		this.organizations = organizations;
		this.memberships = memberships;
		this.json = json;
		this.outbox = outbox;
		this.transaction = transaction;
		this.shops = shops;
	}

	/** The result of an internal create: the organization, and whether this call made it. */
	record Creation(OrganizationResponse organization, boolean created) {
	}

	/**
	 * Creates the organization, or recognises a retry of the same create (same id, same name)
	 * and answers the existing one.
	 */
	Mono<Creation> createInternal(InternalOrganizationRequest request, boolean dryRun) {
		UUID id = request.id() != null ? request.id() : UUID.randomUUID();
		// A retry answers the existing organization and records nothing: only the first call created it.
		boolean active = !Boolean.FALSE.equals(request.isActive());
		return this.transaction.execute(status -> {
			if (dryRun) {
				status.setRollbackOnly();
			}
			return this.organizations.insertIfAbsent(id, request.name(), request.description(), active,
					request.createdAt())
				.flatMap(created -> recordCreated(created, request.importedFrom())
					.thenReturn(new Creation(response(created), true)));
		}).singleOrEmpty()
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
			.flatMap(deleted -> recordDeleted(deleted, "registration_failed")))
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
					if (settings.changesActivation(current.status()) && !role.atLeast(Role.OWNER)) {
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

	/** The feature flags in effect (ST-4), for every member and the organization's API keys. */
	Mono<Features.Response> features(KonfigPrincipal principal, UUID id) {
		return requireMember(principal, id).then(this.organizations.findById(id))
			.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)))
			.map(organization -> new Features.Response(Features.effective(settings(organization))));
	}

	/**
	 * Merges flags into the organization's settings (admins and owners); the change is an
	 * {@code organization.updated} like any other settings change, and a patch that changes no
	 * flag writes nothing.
	 */
	Mono<Features.Response> updateFeatures(KonfigPrincipal principal, UUID id, Features.Request request) {
		return Mono.fromSupplier(() -> Features.patch(request.features()))
			.flatMap(flags -> requireMember(principal, id).flatMap(role -> {
				if (!role.atLeast(Role.ADMIN)) {
					return Mono.error(new ForbiddenException("Changing feature flags needs the admin role"));
				}
				return this.transaction.transactional(this.organizations.findByIdForUpdate(id)
					.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)))
					.flatMap(current -> {
						Map<String, Boolean> before = Features.effective(settings(current));
						Map<String, Boolean> after = new LinkedHashMap<>(before);
						after.putAll(flags);
						if (after.equals(before) && storesAll(current, flags)) {
							return Mono.just(current);
						}
						return this.organizations.mergeFeatures(id, this.json.writeValueAsString(flags))
							.flatMap(updated -> recordUpdated(current, updated).thenReturn(updated));
					}));
			}))
			.map(organization -> new Features.Response(Features.effective(settings(organization))));
	}

	/** Whether every flag is already stored with this value (not merely in effect by default). */
	private boolean storesAll(Organization organization, Map<String, Boolean> flags) {
		return settings(organization).get(Features.SETTING) instanceof Map<?, ?> stored
				&& flags.entrySet().stream().allMatch(flag -> flag.getValue().equals(stored.get(flag.getKey())));
	}

	/**
	 * Deletes the organization (OD-1, OD-2): owners only, their membership read again at
	 * auth-service, and {@code confirm} must be the organization's exact name. One transaction
	 * removes its shops and the organization and appends {@code organization.deleted}, from
	 * which every other service forgets the organization (docs/decisions.md, "Shops, stats and
	 * deletion").
	 */
	Mono<Void> delete(KonfigPrincipal principal, UUID id, String confirm) {
		return this.memberships.currentRoleIn(principal, id)
			.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)))
			.flatMap(role -> {
				if (!role.atLeast(Role.OWNER) || !principal.isUser()) {
					return Mono.error(new ForbiddenException("Deleting the organization needs the owner role"));
				}
				return deleteConfirmed(id, confirm, Map.of("reason", "deleted_by_owner"));
			});
	}

	/**
	 * The deletion itself, for whoever was allowed to ask (an owner, or a platform admin): 404
	 * when the organization is gone, 400 naming {@code confirm} unless it is the exact name; else
	 * one transaction removes the shops and the organization and appends
	 * {@code organization.deleted} with {@code shops_deleted} and {@code how} (its reason, and
	 * {@code via} for an admin).
	 */
	Mono<Void> deleteConfirmed(UUID id, String confirm, Map<String, Object> how) {
		return this.transaction.transactional(this.organizations.findByIdForUpdate(id)
			.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)))
			.flatMap(current -> {
				if (confirm == null || !confirm.equals(current.name())) {
					return Mono.error(new InvalidOrganizationRequestException("confirm",
							"must be the organization's exact name"));
				}
				return this.shops.deleteAllOf(id).flatMap(shopsDeleted -> this.organizations.delete(id)
					.flatMap(deleted -> {
						Map<String, Object> data = new LinkedHashMap<>(how);
						data.put("shops_deleted", shopsDeleted);
						return recordDeleted(deleted, data);
					}));
			}));
	}

	/**
	 * Creates the organization, then asks auth-service to make the caller its owner. The
	 * organization and its {@code organization.created} event commit first, so no database
	 * transaction waits on auth-service. An organization without an owner is useless and blocks
	 * its name, so when the grant fails it is deleted again (compensation, with its
	 * {@code organization.deleted} event) and the caller hears 503.
	 */
	Mono<OrganizationResponse> create(KonfigPrincipal principal, CreateOrganizationRequest request) {
		UUID id = UUID.randomUUID();
		// Only a person can own an organization: userId() refuses API keys and services (403).
		return Mono.fromSupplier(principal::userId)
			.then(this.transaction.transactional(this.organizations
				.insertIfAbsent(id, request.name(), request.description())
				.switchIfEmpty(Mono.error(OrganizationNameTakenException::new))
				.flatMap(created -> recordCreated(created).thenReturn(created))))
			.flatMap(created -> this.memberships.grantOwnership(principal, id)
				.thenReturn(created)
				.onErrorResume(failure -> {
					log.warn("Organization {} removed again: its owner could not be granted", id, failure);
					return compensate(id).then(Mono.error(new OrganizationCreationFailedException()));
				}))
			.map(this::response);
	}

	/** Deletes an organization whose owner could not be granted; a failure here is only logged. */
	private Mono<Void> compensate(UUID id) {
		return this.transaction.transactional(this.organizations.delete(id)
			.flatMap(deleted -> recordDeleted(deleted, "owner_not_granted")))
			.onErrorResume(failure -> {
				log.error("Organization {} has no owner and could not be deleted", id, failure);
				return Mono.empty();
			});
	}

	/**
	 * Every organization event starts with the organization's state after the change ({@code id},
	 * {@code name}, {@code status}, {@code version}), which is all a consumer such as
	 * auth-service's status projection needs; the rest is for audit readers.
	 */
	static Map<String, Object> state(Organization organization, long version) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", organization.id().toString());
		data.put("name", organization.name());
		data.put("status", organization.status().value());
		data.put("version", version);
		return data;
	}

	private Mono<Void> recordCreated(Organization created) {
		return recordCreated(created, null);
	}

	/** An imported organization's event says where it came from ({@code imported_from}). */
	private Mono<Void> recordCreated(Organization created, String importedFrom) {
		Map<String, Object> data = state(created, created.version());
		data.putAll(snapshot(created));
		if (importedFrom != null) {
			data.put("imported_from", importedFrom);
		}
		return record(created.id(), "organization.created", data);
	}

	/** Deletion is a change of its own, so its event counts one version past the last row. */
	private Mono<Void> recordDeleted(Organization deleted, String reason) {
		return recordDeleted(deleted, Map.of("reason", reason));
	}

	/** {@code more} holds at least the {@code reason}. */
	private Mono<Void> recordDeleted(Organization deleted, Map<String, Object> more) {
		Map<String, Object> data = state(deleted, deleted.version() + 1);
		data.putAll(snapshot(deleted));
		data.putAll(more);
		return record(deleted.id(), "organization.deleted", data);
	}

	/**
	 * One event per change, named after what mattered most: {@code organization.activated} or
	 * {@code organization.deactivated} when the status changed, {@code organization.updated}
	 * otherwise; {@code before/after} hold only the changed fields, and an update that changed
	 * nothing says so with empty maps.
	 */
	private Mono<Void> recordUpdated(Organization before, Organization after) {
		return recordUpdated(before, after, Map.of());
	}

	/** {@link #recordUpdated(Organization, Organization)} with more event data ({@code via}). */
	Mono<Void> recordUpdated(Organization before, Organization after, Map<String, Object> extra) {
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
		Map<String, Object> data = state(after, after.version());
		data.put("before", changedBefore);
		data.put("after", changedAfter);
		data.putAll(extra);
		String type = (before.status() == after.status()) ? "organization.updated"
				: after.active() ? "organization.activated" : "organization.deactivated";
		return record(after.id(), type, data);
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

	OrganizationResponse response(Organization organization) {
		return new OrganizationResponse(organization.id(), organization.name(), organization.description(),
				organization.status().value(), settings(organization), organization.createdAt(),
				organization.updatedAt());
	}

	/**
	 * The settings as the API has always shown them: {@code is_active} comes from the status
	 * column, so answers stay the same once the contract migration drops the stored key.
	 */
	@SuppressWarnings("unchecked")
	private Map<String, Object> settings(Organization organization) {
		Map<String, Object> settings = this.json.readValue(organization.settings(), LinkedHashMap.class);
		settings.put(SettingsPatch.IS_ACTIVE, organization.active());
		return settings;
	}

}
