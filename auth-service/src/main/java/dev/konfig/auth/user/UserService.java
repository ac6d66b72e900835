package dev.konfig.auth.user;

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
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.KeysetCursor;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.SecretMask;

/**
 * The users of an organization, with the ownership rules. The one implementation behind both
 * {@code /api/v1/users} (the token's organization) and {@code /api/v1/organizations/{id}/members}
 * (an organization the caller is an active member of): only how the {@link OrganizationCaller}
 * is found differs.
 */
@Service
public class UserService {

	private final UserStore store;

	private final OrganizationCallers callers;

	private final Passwords passwords;

	private final TransactionalOperator tx;

	private final Outbox outbox;

	UserService(UserStore store, OrganizationCallers callers, Passwords passwords, TransactionalOperator tx,
			Outbox outbox) {
		this.store = store;
		this.callers = callers;
		this.passwords = passwords;
		this.tx = tx;
		this.outbox = outbox;
	}

	/** One page of the organization's members in the order they joined. */
	public Mono<Page<UserStore.Member>> list(OrganizationCaller caller, MemberFilter filter, PageRequest request) {
		KeysetCursor.TimeAndId after = request.after(KeysetCursor::decodeTimeAndId);
		return Page.from(this.store.members(caller.organizationId(), filter, after, request.fetchSize()), request,
				member -> new KeysetCursor.TimeAndId(member.membership().createdAt(), member.user().id()).encode());
	}

	public Mono<UserStore.Member> get(OrganizationCaller caller, UUID id) {
		return member(caller, id);
	}

	Mono<UserStore.Member> create(OrganizationCaller caller, CreateUserRequest request) {
		caller.requireRole(Role.ADMIN);
		UUID organization = caller.organizationId();
		Role role = Role.fromClaim(request.role());
		if (role == Role.OWNER) {
			caller.requireRole(Role.OWNER);
		}
		UUID id = UUID.randomUUID();
		return this.callers.requireLive(caller).then(this.store.emailTaken(request.email()))
			.flatMap(taken -> taken ? Mono.error(new EmailTakenException()) : this.passwords.hash(request.password()))
			.flatMap(hash -> this.tx.transactional(this.store.lockOrganization(organization)
				.then(this.callers.requireLive(caller))
				.then(this.store.insertUser(UserRecord.of(id, request.email().trim(), hash, request.fullName().trim()))
				.then(this.store.insertMembership(id, organization, role))
				.then(this.outbox.appendFromRequest(AuditEvent.of(organization, "user.created", "user", id,
						AuditEvent.SUCCESS, created(request, role)))))))
			.onErrorMap(DataIntegrityViolationException.class, ex -> new EmailTakenException())
			.then(this.store.member(organization, id));
	}

	/**
	 * A partial update: a user changes their own name and password, owners anyone's; role and
	 * status only owners, never their own deactivation, and never the last active owner.
	 */
	public Mono<UserStore.Member> update(OrganizationCaller caller, UUID id, UpdateUserRequest request) {
		UUID organization = caller.organizationId();
		boolean self = caller.is(id);
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
		return this.callers.requireLive(caller).then(member(caller, id)).then(hash).flatMap(newHash -> {
			// Before and after are read under the organization's lock, inside the transaction, so
			// the event describes exactly this change even when two updates race.
			Mono<Void> change = this.store.lockOrganization(organization)
				.then(this.callers.requireLive(caller))
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
		}).then(member(caller, id));
	}

	/**
	 * Removes a membership: owners remove anyone, admins members only (admins manage the users
	 * below them), nobody themselves, never the last active owner. The user goes too when no
	 * membership is left.
	 */
	public Mono<Void> delete(OrganizationCaller caller, UUID id) {
		caller.requireRole(Role.ADMIN);
		UUID organization = caller.organizationId();
		if (caller.is(id)) {
			throw new BadRequestException("You cannot delete yourself");
		}
		return this.callers.requireLive(caller)
			.then(member(caller, id))
			.doOnNext(target -> requireMayRemove(caller, target))
			.then(this.tx.transactional(this.store.lockOrganization(organization)
				.then(this.callers.requireLive(caller))
				.then(member(caller, id))
				.doOnNext(removed -> requireMayRemove(caller, removed))
				.flatMap(removed -> this.store.deleteMembership(organization, id)
					.then(requireOwnerLeft(organization))
					.then(revokeKeysOf(organization, id, "creator_removed"))
					.then(this.store.deleteIfOrphan(id))
					.then(this.outbox.appendFromRequest(AuditEvent.of(organization, "user.deleted", "user", id,
							AuditEvent.SUCCESS, Map.of("email", removed.user().email(), "full_name",
									removed.user().fullName(), "role", removed.membership().role().claim())))))));
	}

	/** Admins and owners are removed by owners only. */
	private static void requireMayRemove(OrganizationCaller caller, UserStore.Member target) {
		if (target.membership().role().atLeast(Role.ADMIN)) {
			caller.requireRole(Role.OWNER);
		}
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

	private Mono<Void> requireOwnerLeft(UUID organization) {
		return this.store.activeOwners(organization)
			.flatMap(owners -> owners > 0 ? Mono.<Void>empty() : Mono.error(new LastOwnerException()));
	}

	private Mono<UserStore.Member> member(OrganizationCaller caller, UUID id) {
		return this.store.member(caller.organizationId(), id).switchIfEmpty(Mono.error(UserNotFoundException::new));
	}

	private static String trimmed(String value) {
		return (value != null) ? value.trim() : null;
	}

}
