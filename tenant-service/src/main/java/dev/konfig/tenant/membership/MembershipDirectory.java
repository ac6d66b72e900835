package dev.konfig.tenant.membership;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Service;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.PrincipalType;
import dev.konfig.platform.security.Role;
import dev.konfig.tenant.system.TenantProperties;
import reactor.core.publisher.Mono;

/**
 * Which organizations a caller belongs to, and with which role. auth-service owns
 * memberships; the answer is kept per token for a few seconds only, so a removed member
 * loses access almost at once while a burst of requests costs one lookup.
 */
@Service
public class MembershipDirectory {

	private final AuthServiceClient authService;

	private final Cache<String, List<Membership>> byToken;

	MembershipDirectory(AuthServiceClient authService, TenantProperties properties) {
		this.authService = authService;
		this.byToken = Caffeine.newBuilder()
			.expireAfterWrite(properties.membershipCacheTtl())
			.maximumSize(10_000)
			.build();
	}

	/** Every organization the caller belongs to. */
	public Mono<List<Membership>> membershipsOf(KonfigPrincipal principal) {
		if (principal.type() == PrincipalType.API_KEY) {
			// An API key belongs to exactly one organization and never has admin rights.
			return Mono.just(List.of(new Membership(principal.organizationId(), Role.MEMBER)));
		}
		if (principal.type() != PrincipalType.USER) {
			return Mono.just(List.of());
		}
		List<Membership> cached = this.byToken.getIfPresent(principal.token());
		if (cached != null) {
			return Mono.just(cached);
		}
		return this.authService.memberships(principal.token())
			.map(MembershipDirectory::known)
			.doOnNext(memberships -> this.byToken.put(principal.token(), memberships));
	}

	/** The caller's role in the organization, or empty when the caller is not a member. */
	public Mono<Role> roleIn(KonfigPrincipal principal, UUID organizationId) {
		return membershipsOf(principal).flatMap(memberships -> Mono.justOrEmpty(memberships.stream()
			.filter(membership -> membership.organizationId().equals(organizationId))
			.map(Membership::role)
			.findFirst()));
	}

	/**
	 * The caller's role in the organization as auth-service knows it now, past the cache (for
	 * decisions that cannot wait out its few seconds, such as deleting the organization); the
	 * answer refreshes the cache. Empty when the caller is not a member.
	 */
	public Mono<Role> currentRoleIn(KonfigPrincipal principal, UUID organizationId) {
		if (principal.type() == PrincipalType.USER) {
			this.byToken.invalidate(principal.token());
		}
		return roleIn(principal, organizationId);
	}

	/** Makes the user the owner of an organization it has just created. */
	public Mono<Void> grantOwnership(KonfigPrincipal principal, UUID organizationId) {
		return this.authService.grant(principal.userId(), organizationId, Role.OWNER.claim())
			// The caller's cached memberships predate the new organization.
			.doOnSuccess(done -> this.byToken.invalidate(principal.token()));
	}

	private static List<Membership> known(List<AuthServiceClient.MembershipView> views) {
		return views.stream()
			.filter(view -> view.organizationId() != null && view.role() != null)
			.map(view -> parse(view).orElse(null))
			.filter(Objects::nonNull)
			.toList();
	}

	private static Optional<Membership> parse(AuthServiceClient.MembershipView view) {
		try {
			return Optional.of(new Membership(view.organizationId(), Role.fromClaim(view.role())));
		}
		catch (IllegalArgumentException unknownRole) {
			// A role this service does not know grants nothing here.
			return Optional.empty();
		}
	}

}
