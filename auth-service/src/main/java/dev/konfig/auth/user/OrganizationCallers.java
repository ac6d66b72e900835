package dev.konfig.auth.user;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.PrincipalType;
import dev.konfig.platform.web.ForbiddenException;

/**
 * Who the caller is in an organization, and whether that still holds. The one place that turns a
 * token into an {@link OrganizationCaller} and re-reads the caller's membership before a change.
 */
@Component
public class OrganizationCallers {

	private final UserStore store;

	OrganizationCallers(UserStore store) {
		this.store = store;
	}

	/** The token's own organization and role (the {@code /api/v1/users} endpoints). */
	public OrganizationCaller ofToken(KonfigPrincipal principal) {
		return new OrganizationCaller(principal, principal.requireOrganization(), principal.role());
	}

	/**
	 * The caller in the organization a path names: a user with an active membership there (in
	 * auth-service's table now, whatever organization the token is for), with that membership's
	 * role; an API key of that organization, with no role. Anyone else, including a user whose
	 * membership there is deactivated, learns nothing: 404.
	 */
	public Mono<OrganizationCaller> of(KonfigPrincipal principal, UUID organizationId) {
		if (principal.isUser()) {
			return this.store.membership(principal.userId(), organizationId)
				.filter(MembershipRecord::active)
				.map(membership -> new OrganizationCaller(principal, organizationId, membership.role()))
				.switchIfEmpty(Mono.error(OrganizationNotFoundException::new));
		}
		if (principal.type() == PrincipalType.API_KEY && organizationId.equals(principal.organizationId())) {
			return Mono.just(new OrganizationCaller(principal, organizationId, null));
		}
		return Mono.error(new OrganizationNotFoundException());
	}

	/**
	 * Refuses (403) a user whose membership is no longer active or whose role there fell below the
	 * one the caller acts with: tokens live 15 minutes, and a demoted or deactivated caller must
	 * not keep managing users meanwhile. Run it inside the change's transaction, after
	 * {@link UserStore#lockOrganization}, so a concurrent demotion is wholly before or after.
	 */
	public Mono<Void> requireLive(OrganizationCaller caller) {
		if (!caller.isUser()) {
			return Mono.empty();
		}
		return this.store.membership(caller.userId(), caller.organizationId())
			.filter(membership -> membership.active()
					&& (caller.role() == null || membership.role().atLeast(caller.role())))
			.switchIfEmpty(Mono.error(() -> new ForbiddenException("Your membership changed; sign in again")))
			.then();
	}

}
