package dev.konfig.auth.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.auth.admin.AdminUserRecords.AdminMembership;
import dev.konfig.auth.admin.AdminUserRecords.AdminUserPatch;
import dev.konfig.auth.admin.AdminUserRecords.AdminUserResponse;
import dev.konfig.auth.admin.AdminUserRecords.MembershipRow;
import dev.konfig.auth.admin.AdminUserRecords.UserFilter;
import dev.konfig.auth.admin.AdminUserRecords.UserRow;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.ConflictException;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.ForbiddenException;
import dev.konfig.platform.web.NotFoundException;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;

/**
 * The admin users view: every user of the platform with their memberships, suspension and the
 * platform-admin flag. Every write re-reads the caller's own flag in its transaction, so a
 * revoked or suspended admin loses admin writes at once.
 */
@Service
class AdminUserService {

	private final AdminUserStore store;

	private final OrganizationNames organizations;

	private final PlatformAdminProperties configured;

	private final PlatformAccess platform;

	private final TransactionalOperator tx;

	private final Outbox outbox;

	AdminUserService(AdminUserStore store, OrganizationNames organizations, PlatformAdminProperties configured,
			PlatformAccess platform, TransactionalOperator tx, Outbox outbox) {
		this.store = store;
		this.organizations = organizations;
		this.configured = configured;
		this.platform = platform;
		this.tx = tx;
		this.outbox = outbox;
	}

	Mono<Page<AdminUserResponse>> list(KonfigPrincipal caller, UserFilter filter, PageRequest request) {
		caller.requirePlatformAdmin();
		AdminUserCursor after = request.after(AdminUserCursor::decode);
		return Page.from(this.store.page(filter, after, request.fetchSize()), request,
				user -> AdminUserCursor.of(user).encode())
			.flatMap(page -> views(page.items()).map(items -> new Page<>(items, page.nextCursor())));
	}

	Mono<AdminUserResponse> update(KonfigPrincipal caller, UUID id, AdminUserPatch patch) {
		caller.requirePlatformAdmin();
		if (patch.suspended() == null && patch.isPlatformAdmin() == null) {
			throw new BadRequestException("Nothing to change", List.of(
					new FieldViolation("suspended", "send suspended or is_platform_admin"),
					new FieldViolation("is_platform_admin", "send suspended or is_platform_admin")));
		}
		if (caller.userId().equals(id)) {
			String field = patch.suspended() != null ? "suspended" : "is_platform_admin";
			throw new BadRequestException("You cannot change your own platform standing",
					List.of(new FieldViolation(field, "cannot be changed on yourself")));
		}
		Mono<Void> change = requireStillAdmin(caller)
			.then(this.store.findForUpdate(id))
			.switchIfEmpty(Mono.error(() -> new NotFoundException("User not found")))
			.flatMap(target -> apply(target, patch));
		return this.tx.transactional(change).then(this.store.find(id)).flatMap(this::view);
	}

	/** The caller's flag as it is now, read inside the write's transaction. */
	private Mono<Void> requireStillAdmin(KonfigPrincipal caller) {
		return this.platform.standing(caller.userId())
			.filter(standing -> standing.platformAdmin() && !standing.suspended())
			.switchIfEmpty(Mono.error(() -> new ForbiddenException("This action needs a platform administrator")))
			.then();
	}

	private Mono<Void> apply(UserRow target, AdminUserPatch patch) {
		boolean listed = this.configured.listed(target.email());
		if (listed && Boolean.TRUE.equals(patch.suspended())) {
			return Mono.error(new ConflictException("A platform administrator named by configuration cannot be suspended",
					List.of(new FieldViolation("suspended", "the user is listed in KONFIG_AUTH_PLATFORM_ADMINS"))));
		}
		if (listed && Boolean.FALSE.equals(patch.isPlatformAdmin())) {
			return Mono.error(new ConflictException("A platform administrator named by configuration cannot be revoked",
					List.of(new FieldViolation("is_platform_admin", "the user is listed in KONFIG_AUTH_PLATFORM_ADMINS"))));
		}
		Mono<Void> suspension = Mono.empty();
		if (patch.suspended() != null && patch.suspended() != (target.suspendedAt() != null)) {
			suspension = patch.suspended()
					? this.store.setSuspended(target.id(), true)
						.then(this.store.revokeRefreshTokens(target.id()))
						.flatMap(revoked -> record(target, "user.suspended", revoked))
					: this.store.setSuspended(target.id(), false).then(record(target, "user.unsuspended", null));
		}
		Mono<Void> flag = Mono.empty();
		if (patch.isPlatformAdmin() != null && patch.isPlatformAdmin() != target.platformAdmin()) {
			flag = patch.isPlatformAdmin()
					? this.store.setPlatformAdmin(target.id(), true)
						.then(record(target, PlatformAccess.GRANTED, null))
					// The scope lives in access tokens; ending the sessions ends it within one token life.
					: this.store.setPlatformAdmin(target.id(), false)
						.then(this.store.revokeRefreshTokens(target.id()))
						.flatMap(revoked -> record(target, "user.platform_admin_revoked", revoked));
		}
		return suspension.then(flag);
	}

	private Mono<Void> record(UserRow target, String type, Long revokedFamilies) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("email", target.email());
		data.put("via", "admin");
		if (revokedFamilies != null) {
			data.put("refresh_families_revoked", revokedFamilies);
		}
		// Platform events belong to no organization; the actor (the admin) comes from the request.
		return this.outbox.appendFromRequest(AuditEvent.of(null, type, "user", target.id(), AuditEvent.SUCCESS, data));
	}

	private Mono<AdminUserResponse> view(UserRow user) {
		return views(List.of(user)).map(views -> views.get(0));
	}

	/** Users with their memberships, and the organizations' names in one lookup for all of them. */
	private Mono<List<AdminUserResponse>> views(List<UserRow> users) {
		if (users.isEmpty()) {
			return Mono.just(List.of());
		}
		return this.store.memberships(users.stream().map(UserRow::id).toList())
			.collectList()
			.flatMap(memberships -> {
				Set<UUID> organizationIds = new LinkedHashSet<>();
				memberships.forEach(membership -> organizationIds.add(membership.organizationId()));
				return this.organizations.of(organizationIds)
					.map(names -> users.stream().map(user -> response(user, memberships, names)).toList());
			});
	}

	private static AdminUserResponse response(UserRow user, List<MembershipRow> memberships, Map<UUID, String> names) {
		List<AdminMembership> own = new ArrayList<>();
		for (MembershipRow membership : memberships) {
			if (membership.userId().equals(user.id())) {
				own.add(new AdminMembership(membership.organizationId(), names.get(membership.organizationId()),
						membership.role(), membership.active()));
			}
		}
		return new AdminUserResponse(user.id(), user.email(), user.fullName(), user.createdAt(), user.lastLoginAt(),
				user.suspendedAt(), user.platformAdmin(), own);
	}

}
