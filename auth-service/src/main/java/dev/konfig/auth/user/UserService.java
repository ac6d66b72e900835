package dev.konfig.auth.user;

import dev.konfig.platform.web.KeysetCursor;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.ForbiddenException;

/** The users of the caller's active organization, with the ownership rules. */
@Service
class UserService {

	private final UserStore store;

	private final Passwords passwords;

	private final TransactionalOperator tx;

	UserService(UserStore store, Passwords passwords, TransactionalOperator tx) {
		this.store = store;
		this.passwords = passwords;
		this.tx = tx;
	}

	Mono<UserPage> list(KonfigPrincipal caller, int limit, String cursor) {
		UUID organization = caller.requireOrganization();
		int size = Math.max(1, Math.min(limit, 100));
		UUID after = KeysetCursor.decodeId(cursor);
		return this.store.members(organization, after, size + 1).map(UserStore.Member::response).collectList().map(rows -> {
			if (rows.size() <= size) {
				return new UserPage(rows, null);
			}
			List<UserResponse> page = rows.subList(0, size);
			return new UserPage(List.copyOf(page), KeysetCursor.encode(page.get(size - 1).id()));
		});
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
			.flatMap(hash -> this.tx.transactional(this.store
				.insertUser(new UserRecord(id, request.email().trim(), hash, request.fullName().trim(), null, null))
				.then(this.store.insertMembership(id, organization, role))))
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
			Mono<Void> change = this.store.lockOrganization(organization)
				.then(this.store.updateUser(id, trimmed(request.fullName()), newHash.isEmpty() ? null : newHash))
				.then(this.store.updateMembership(organization, id, role, request.isActive()))
				.then(requireOwnerLeft(organization));
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
			.then(this.store.deleteMembership(organization, id))
			.then(requireOwnerLeft(organization))
			.then(this.store.deleteIfOrphan(id))));
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
