package dev.konfig.tenant.organization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.ForbiddenException;
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

	OrganizationService(OrganizationRepository organizations, MembershipDirectory memberships, JsonMapper json) {
		this.organizations = organizations;
		this.memberships = memberships;
		this.json = json;
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
		return this.organizations.insertIfAbsent(id, request.name(), request.description())
			.map(created -> new Creation(response(created), true))
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

	Mono<Void> deleteInternal(UUID id) {
		return this.organizations.delete(id).then();
	}

	Mono<OrganizationPage> list(KonfigPrincipal principal, int limit, OrganizationCursor after) {
		return this.memberships.membershipsOf(principal).flatMap(memberships -> {
			if (memberships.isEmpty()) {
				return Mono.just(new OrganizationPage(List.of(), null));
			}
			List<UUID> ids = memberships.stream().map(Membership::organizationId).distinct().toList();
			// One row more than asked says whether another page follows.
			return this.organizations.page(ids, after, limit + 1).collectList().map(rows -> {
				boolean more = rows.size() > limit;
				List<Organization> page = more ? rows.subList(0, limit) : rows;
				String next = more ? OrganizationCursor.of(page.get(page.size() - 1)).encode() : null;
				return new OrganizationPage(page.stream().map(this::response).toList(), next);
			});
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
			return this.organizations.findById(id)
				.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)))
				.flatMap(current -> {
					if (settings.changesActivation(settings(current)) && !role.atLeast(Role.OWNER)) {
						return Mono.error(new ForbiddenException(
								"Activating or deactivating the organization needs the owner role"));
					}
					return this.organizations.update(id, request.name(), request.description(), settings);
				});
		})
			.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)))
			.map(this::response);
	}

	/**
	 * Creates the organization, then asks auth-service to make the caller its owner. An
	 * organization without an owner is useless and blocks its name, so if the grant fails the
	 * organization is deleted again before the caller hears 503.
	 */
	Mono<OrganizationResponse> create(KonfigPrincipal principal, CreateOrganizationRequest request) {
		UUID id = UUID.randomUUID();
		// Only a person can own an organization: userId() refuses API keys and services (403).
		return Mono.fromSupplier(principal::userId)
			.then(this.organizations.insertIfAbsent(id, request.name(), request.description()))
			.switchIfEmpty(Mono.error(OrganizationNameTakenException::new))
			.flatMap(created -> this.memberships.grantOwnership(principal, id)
				.thenReturn(created)
				.onErrorResume(failure -> this.organizations.delete(id)
					.doOnSuccess(deleted -> log.warn("Removed organization {} again: its owner could not be granted",
							id))
					.then(Mono.error(new OrganizationCreationFailedException()))))
			.map(this::response);
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
