package dev.konfig.auth.user;

import dev.konfig.platform.web.KeysetCursor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.ForbiddenException;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.SecretMask;

/** The users of the caller's active organization, with the ownership rules. */
@Service
class UserService {

	private final UserStore store;

	private final Passwords passwords;

	private final TransactionalOperator tx;

	private final Outbox outbox;

	UserService(UserStore store, Passwords passwords, TransactionalOperator tx, Outbox outbox) {
		this.store = store;
		this.passwords = passwords;
		this.tx = tx;
		this.outbox = outbox;
	}

	Mono<Page<UserResponse>> list(KonfigPrincipal caller, PageRequest request) {
		UUID organization = caller.requireOrganization();
		UUID after = request.after(KeysetCursor::decodeId);
		return Page.from(this.store.members(organization, after, request.fetchSize()).map(UserStore.Member::response),
				request, user -> KeysetCursor.encode(user.id()));
	}

	Mono<UserResponse> get(KonfigPrincipal caller, UUID id) {
		return member(caller, id).map(UserStore.Member::response);
	}

	Mono<UserResponse> create(KonfigPrincipal caller, CreateUserRequest request) {
		caller.requireRole(Role.ADMIN);
		UUID organization = caller.requireOrganization();
		Role role = Role.fromClaim(request.role());
		if (role == Role.OWNER) {
			caller.requireRole(Role.OWNER);
		}
		UUID id = UUID.randomUUID();
		return live(caller).then(this.store.emailTaken(request.email()))
			.flatMap(taken -> taken ? Mono.error(new EmailTakenException()) : this.passwords.hash(request.password()))
			.flatMap(hash -> this.tx.transactional(this.store.lockOrganization(organization)
				.then(live(caller))
				.then(this.store
				.insertUser(new UserRecord(id, request.email().trim(), hash, request.fullName().trim(), null, null))
				.then(this.store.insertMembership(id, organization, role))
				.then(this.outbox.appendFromRequest(AuditEvent.of(organization, "user.created", "user", id,
						AuditEvent.SUCCESS, created(request, role)))))))
			.onErrorMap(DataIntegrityViolationException.class, ex -> new EmailTakenException())
			.then(this.store.member(organization, id))
			.map(UserStore.Member::response);
	}

	Mono<UserResponse> update(KonfigPrincipal caller, UUID id, UpdateUserRequest request) {
		UUID organization = caller.requireOrganization();
		boolean self = caller.isUser() && caller.userId().equals(id);
		if (!self && (request.fullName() != null || request.password() != null)) {
			caller.requireRole(Role.OWNER);
		}
		if (request.role() != null || request.isActive() != null) {
			caller.requireRole(Role.OWNER);
		}
		if (self && Boolean.FALSE.equals(request.isActive())) {
			throw new BadRequestException("You cannot deactivate yourself");
		}
		Role role = (request.role() != null) ? Role.fromClaim(request.role()) : null;
		Mono<String> hash = (request.password() != null) ? this.passwords.hash(request.password()) : Mono.just("");
		return live(caller).then(member(caller, id)).then(hash).flatMap(newHash -> {
			// Before and after are read under the organization's lock, inside the transaction, so
			// the event describes exactly this change even when two updates race.
			Mono<Void> change = this.store.lockOrganization(organization)
				.then(live(caller))
				.then(member(caller, id))
				.flatMap(before -> this.store
					.updateUser(id, trimmed(request.fullName()), newHash.isEmpty() ? null : newHash)
					.then(this.store.updateMembership(organization, id, role, request.isActive()))
					.then(requireOwnerLeft(organization))
					.then(member(caller, id))
					.flatMap(after -> updated(organization, before, after, !newHash.isEmpty())
						.then(mayManageKeys(after.membership()) ? Mono.<Void>empty()
								: revokeKeysOf(organization, id, "creator_deactivated_or_demoted"))));
			return this.tx.transactional(change);
		}).then(member(caller, id)).map(UserStore.Member::response);
	}

	Mono<Void> delete(KonfigPrincipal caller, UUID id) {
		caller.requireRole(Role.OWNER);
		UUID organization = caller.requireOrganization();
		if (caller.userId().equals(id)) {
			throw new BadRequestException("You cannot delete yourself");
		}
		return live(caller).then(member(caller, id)).then(this.tx.transactional(this.store.lockOrganization(organization)
			.then(live(caller))
			.then(member(caller, id))
			.flatMap(removed -> this.store.deleteMembership(organization, id)
				.then(requireOwnerLeft(organization))
				.then(revokeKeysOf(organization, id, "creator_removed"))
				.then(this.store.deleteIfOrphan(id))
				.then(this.outbox.appendFromRequest(AuditEvent.of(organization, "user.deleted", "user", id,
						AuditEvent.SUCCESS, Map.of("email", removed.user().email(), "full_name",
								removed.user().fullName(), "role", removed.membership().role().claim())))))));
	}

	/** Whether this membership may still create API keys (active, admin or owner). */
	private static boolean mayManageKeys(MembershipRecord membership) {
		return membership.active() && membership.role().atLeast(Role.ADMIN);
	}

	/**
	 * A key lives no longer than its creator's right to create it: when an admin is removed,
	 * deactivated or demoted to member, the keys they created in the organization are revoked in
	 * the same transaction (one api_key.revoked each, naming why), so a key made in anticipation
	 * of the removal is no way back in. Reactivating or promoting again restores none of them.
	 */
	private Mono<Void> revokeKeysOf(UUID organization, UUID creator, String reason) {
		return this.store.revokeKeysCreatedBy(organization, creator)
			.concatMap(key -> {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("name", key.name());
				data.put("prefix", key.prefix());
				data.put("scopes", key.scopes());
				data.put("reason", reason);
				data.put("created_by", creator.toString());
				return this.outbox.appendFromRequest(
						AuditEvent.of(organization, "api_key.revoked", "api_key", key.id(), AuditEvent.SUCCESS, data));
			})
			.then();
	}

	private static Map<String, Object> created(CreateUserRequest request, Role role) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("email", request.email().trim());
		data.put("full_name", request.fullName().trim());
		data.put("role", role.claim());
		data.put("password", SecretMask.VALUE);
		return data;
	}

	/**
	 * One user.updated naming each changed field before and after (a new password only as
	 * masked), plus user.role_changed when the role moved, in the change's transaction.
	 */
	private Mono<Void> updated(UUID organization, UserStore.Member before, UserStore.Member after,
			boolean passwordChanged) {
		Map<String, Object> old = new LinkedHashMap<>();
		Map<String, Object> now = new LinkedHashMap<>();
		changed("full_name", before.user().fullName(), after.user().fullName(), old, now);
		changed("role", before.membership().role().claim(), after.membership().role().claim(), old, now);
		changed("is_active", before.membership().active(), after.membership().active(), old, now);
		if (passwordChanged) {
			old.put("password", SecretMask.VALUE);
			now.put("password", SecretMask.VALUE);
		}
		UUID id = after.user().id();
		Mono<Void> updated = this.outbox.appendFromRequest(AuditEvent.of(organization, "user.updated", "user", id,
				AuditEvent.SUCCESS, Map.of("email", after.user().email(), "before", old, "after", now)));
		if (before.membership().role() == after.membership().role()) {
			return updated;
		}
		return updated.then(this.outbox.appendFromRequest(AuditEvent.of(organization, "user.role_changed", "user",
				id, AuditEvent.SUCCESS, Map.of("email", after.user().email(), "before",
						before.membership().role().claim(), "after", after.membership().role().claim()))));
	}

	private static void changed(String field, Object before, Object after, Map<String, Object> old,
			Map<String, Object> now) {
		if (!Objects.equals(before, after)) {
			old.put(field, before);
			now.put(field, after);
		}
	}

	/**
	 * Tokens live 15 minutes; a caller demoted or deactivated meanwhile must not keep managing
	 * users with the role its token still names.
	 */
	private Mono<Void> live(KonfigPrincipal caller) {
		if (!caller.isUser()) {
			return Mono.empty();
		}
		return this.store.membership(caller.userId(), caller.requireOrganization())
			.filter(membership -> membership.active() && membership.role().atLeast(caller.role()))
			.switchIfEmpty(Mono.error(() -> new ForbiddenException("Your membership changed; sign in again")))
			.then();
	}

	private Mono<Void> requireOwnerLeft(UUID organization) {
		return this.store.activeOwners(organization)
			.flatMap(owners -> owners > 0 ? Mono.<Void>empty() : Mono.error(new LastOwnerException()));
	}

	private Mono<UserStore.Member> member(KonfigPrincipal caller, UUID id) {
		return this.store.member(caller.requireOrganization(), id).switchIfEmpty(Mono.error(UserNotFoundException::new));
	}

	private static String trimmed(String value) {
		return (value != null) ? value.trim() : null;
	}

}
