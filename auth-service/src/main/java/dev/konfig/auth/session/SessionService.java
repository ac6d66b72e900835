package dev.konfig.auth.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.auth.admin.PlatformAccess;
import dev.konfig.auth.key.AccessTokens;
import dev.konfig.auth.organization.KnownOrganization;
import dev.konfig.auth.organization.OrganizationStatuses;
import dev.konfig.auth.system.AuthProperties;
import dev.konfig.auth.user.EmailTakenException;
import dev.konfig.auth.user.MembershipRecord;
import dev.konfig.auth.user.OrganizationNotFoundException;
import dev.konfig.auth.user.Passwords;
import dev.konfig.auth.user.UserRecord;
import dev.konfig.auth.user.UserResponse;
import dev.konfig.auth.user.UserStore;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.PrincipalType;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.KonfigException;
import dev.konfig.platform.web.SecretMask;
import dev.konfig.platform.web.Tenancy;

/**
 * Registration (a saga with tenant-service), login, refresh, logout and organization switch.
 * Only registration calls tenant-service; the others read the organization's status from the
 * local projection ({@link OrganizationStatuses}), so they work while tenant-service is down.
 */
@Service
class SessionService {

	private static final Logger log = LoggerFactory.getLogger(SessionService.class);

	private static final String TOKEN_TYPE = "bearer";

	static final String SUSPENDED = "account suspended";

	private final UserStore users;

	private final Passwords passwords;

	private final TenantClient tenants;

	private final RefreshTokens refreshTokens;

	private final LoginThrottle throttle;

	private final AccessTokens accessTokens;

	private final TransactionalOperator tx;

	private final AuthProperties properties;

	private final Outbox outbox;

	private final OrganizationStatuses organizations;

	private final PlatformAccess platform;

	SessionService(UserStore users, Passwords passwords, TenantClient tenants, RefreshTokens refreshTokens,
			LoginThrottle throttle, AccessTokens accessTokens, TransactionalOperator tx, AuthProperties properties,
			Outbox outbox, OrganizationStatuses organizations, PlatformAccess platform) {
		this.users = users;
		this.passwords = passwords;
		this.tenants = tenants;
		this.refreshTokens = refreshTokens;
		this.throttle = throttle;
		this.accessTokens = accessTokens;
		this.tx = tx;
		this.properties = properties;
		this.outbox = outbox;
		this.organizations = organizations;
		this.platform = platform;
	}

	/**
	 * Email check, organization at tenant-service with an id chosen here, then user, owner
	 * membership and the organization's (active) status in one local transaction; if that fails,
	 * the organization is deleted again.
	 */
	Mono<TokenResponse> register(SessionRequests.RegisterRequest request) {
		String email = request.email().trim();
		String organizationName = request.tenantName().trim();
		UUID organizationId = UUID.randomUUID();
		UUID userId = UUID.randomUUID();
		return this.users.emailTaken(email)
			.flatMap(taken -> taken ? Mono.error(new EmailTakenException()) : this.passwords.hash(request.password()))
			.flatMap(hash -> this.tenants.createOrganization(organizationId, organizationName)
				.then(this.tx.transactional(this.users
					.insertUser(UserRecord.of(userId, email, hash, request.fullName().trim()))
					.then(this.users.insertMembership(userId, organizationId, Role.OWNER))
					.then(this.organizations.seed(organizationId, organizationName))
					.then(this.platform.applyConfigured(userId, email))
					.then(registered(organizationId, organizationName, userId, email, request.fullName().trim()))))
				.onErrorResume(failure -> mustCompensate(failure) ? compensate(organizationId, failure)
						: Mono.error(failure)))
			.then(Mono.defer(() -> this.users.member(organizationId, userId)))
			.flatMap(member -> issue(member.user(), member.membership(), organizationName, null));
	}

	/**
	 * A refused name (409) created nothing. A timeout may have created the organization
	 * without telling us, so it is deleted on a best-effort basis like a failed local insert.
	 */
	private static boolean mustCompensate(Throwable failure) {
		return !(failure instanceof KonfigException) || failure instanceof TenantUnavailableException;
	}

	private <T> Mono<T> compensate(UUID organizationId, Throwable failure) {
		log.warn("Registration failed; deleting the organization {} in case it was created", organizationId);
		Throwable answer = (failure instanceof DataIntegrityViolationException) ? new EmailTakenException() : failure;
		return this.tenants.deleteOrganization(organizationId)
			.onErrorResume(ex -> {
				log.error("Could not delete organization {} after a failed registration", organizationId, ex);
				return Mono.empty();
			})
			.then(Mono.error(answer));
	}

	Mono<TokenResponse> login(SessionRequests.LoginRequest request, String address) {
		String email = request.email().trim();
		return this.throttle.check(email, address)
			.then(this.users.findByEmail(email).map(Optional::of).defaultIfEmpty(Optional.empty()))
			.flatMap(user -> this.passwords.matches(request.password(), user.map(UserRecord::passwordHash).orElse(null))
				.flatMap(matched -> matched ? upgradeLegacyHash(user.get(), request.password())
						: this.tx.transactional(this.throttle.recordFailure(email, address)
							.then(loginFailed(email, user.orElse(null), "wrong_password")))
							.then(Mono.error(new InvalidCredentialsException()))))
			.flatMap(user -> this.throttle.clear(email, address)
				.then(this.users.memberships(user.id()).filter(MembershipRecord::active).next())
				.switchIfEmpty(Mono.error(() -> new AccountInactiveException("The account is deactivated")))
				.flatMap(membership -> usableOrganization(membership.organizationId())
					// The session's refresh token and its event commit together.
					.flatMap(organization -> this.tx.transactional(this.platform.applyConfigured(user.id(), user.email())
						.then(issue(user, membership, organization.name(), null))
						.flatMap(tokens -> this.users.recordLogin(user.id())
							.then(loginSucceeded(user, membership))
							.thenReturn(tokens)))))
				// The right password for a deactivated account or organization is still a refused login.
				.onErrorResume(AccountInactiveException.class,
						inactive -> this.tx.transactional(loginFailed(email, user,
								SUSPENDED.equals(inactive.getMessage()) ? "suspended" : "inactive"))
							.then(Mono.error(inactive))));
	}

	/** A konfig hash is replaced by Argon2id on the first successful login with it. */
	private Mono<UserRecord> upgradeLegacyHash(UserRecord user, String password) {
		if (!this.passwords.isLegacy(user.passwordHash())) {
			return Mono.just(user);
		}
		return this.passwords.hash(password)
			.flatMap(upgraded -> this.users.replacePasswordHash(user.id(), user.passwordHash(), upgraded))
			.thenReturn(user);
	}

	/**
	 * The rotation commits only together with the new tokens: everything that can fail runs in
	 * one transaction, so a refresh that fails (503, 403, a lost database connection) rolls the
	 * rotation back and the client may retry with the same token. Only the answer is built after
	 * the commit. Refusals (an unknown, rotated or revoked token; a membership that is gone,
	 * whose family is revoked in the transaction) answer 401 once it has committed.
	 */
	Mono<TokenResponse> refresh(String refreshToken) {
		Mono<TokenResponse> renewed = this.refreshTokens.rotate(refreshToken)
			.flatMap(rotated -> this.users.member(rotated.organizationId(), rotated.userId())
				.filter(member -> member.membership().active())
				.flatMap(member -> usableOrganization(rotated.organizationId())
					.flatMap(organization -> issue(member.user(), member.membership(), organization.name(),
							rotated.family())))
				.switchIfEmpty(this.refreshTokens.revokeFamily(rotated.family()).then(Mono.empty())));
		return this.tx.transactional(renewed)
			.switchIfEmpty(Mono.defer(() -> this.refreshTokens.refuse(refreshToken)));
	}

	Mono<Void> logout(String refreshToken) {
		return this.refreshTokens.revokeFamily(refreshToken);
	}

	Mono<TokenResponse> switchOrganization(KonfigPrincipal caller, UUID organizationId) {
		UUID userId = caller.userId();
		return this.users.member(organizationId, userId)
			.filter(member -> member.membership().active())
			.switchIfEmpty(Mono.error(OrganizationNotFoundException::new))
			.flatMap(member -> usableOrganization(organizationId)
				.flatMap(organization -> issue(member.user(), member.membership(), organization.name(), null)));
	}

	Mono<MeResponse> me(KonfigPrincipal caller) {
		UUID userId = caller.userId();
		UUID organizationId = caller.requireOrganization();
		return this.users.member(organizationId, userId)
			.switchIfEmpty(Mono.error(OrganizationNotFoundException::new))
			.flatMap(member -> memberships(caller).map(all -> MeResponse.of(member.response(), all)));
	}

	Mono<List<MembershipView>> memberships(KonfigPrincipal caller) {
		if (caller.type() == PrincipalType.API_KEY) {
			return Mono.just(List.of(new MembershipView(caller.requireOrganization(), Role.MEMBER.claim())));
		}
		// A suspended account belongs nowhere: the gateway then refuses its remaining access tokens.
		return this.platform.standing(caller.userId())
			.flatMap(standing -> standing.suspended() ? Mono.just(List.<MembershipView>of()) : this.users
				.memberships(caller.userId())
				.filter(MembershipRecord::active)
				.map(membership -> new MembershipView(membership.organizationId(), membership.role().claim()))
				.collectList());
	}

	/** A deactivated or deleted organization answers as tenant-service's "inactive" used to: 403. */
	private Mono<KnownOrganization> usableOrganization(UUID organizationId) {
		return this.organizations.find(organizationId)
			.filter(KnownOrganization::usable)
			.switchIfEmpty(Mono.error(() -> new AccountInactiveException("The organization is deactivated")));
	}

	private Mono<Void> registered(UUID organizationId, String organizationName, UUID userId, String email,
			String fullName) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("organization_name", organizationName);
		data.put("email", email);
		data.put("full_name", fullName);
		data.put("role", Role.OWNER.claim());
		data.put("password", SecretMask.VALUE);
		// Nobody was signed in yet: the new owner is the actor.
		return this.outbox.appendFromRequest(AuditEvent
			.of(organizationId, "auth.registered", "user", userId, AuditEvent.SUCCESS, data)
			.withActor(AuditEvent.Actor.user(userId)));
	}

	private Mono<Void> loginSucceeded(UserRecord user, MembershipRecord membership) {
		return this.outbox.appendFromRequest(AuditEvent
			.of(membership.organizationId(), "auth.login_succeeded", "user", user.id(), AuditEvent.SUCCESS,
					Map.of("email", user.email(), "role", membership.role().claim()))
			.withActor(AuditEvent.Actor.user(user.id())));
	}

	/**
	 * A failed login of a known user is filed under the organization the login opens (the
	 * oldest active membership, else the oldest one), so its admins see attacks on their
	 * members; an unknown email belongs to no organization. The caller proved nothing, so the
	 * event names no actor.
	 */
	private Mono<Void> loginFailed(String email, UserRecord user, String reason) {
		if (user == null) {
			return this.outbox.appendFromRequest(AuditEvent.of(Tenancy.NO_ORGANIZATION, "auth.login_failed",
					"user", null, AuditEvent.FAILURE, Map.of("email", email, "reason", "unknown_email")));
		}
		return this.users.memberships(user.id())
			.collectList()
			.map(all -> all.stream()
				.filter(MembershipRecord::active)
				.findFirst()
				.or(() -> all.stream().findFirst())
				.map(MembershipRecord::organizationId)
				.orElse(Tenancy.NO_ORGANIZATION))
			.flatMap(organizationId -> this.outbox.appendFromRequest(AuditEvent.of(organizationId,
					"auth.login_failed", "user", user.id(), AuditEvent.FAILURE,
					Map.of("email", user.email(), "reason", reason))));
	}

	/**
	 * Every token of a user is issued here (registration, login, refresh, switch), after reading
	 * the account's standing: a suspended account gets none, a platform admin's access token
	 * carries {@code platform:admin}.
	 */
	private Mono<TokenResponse> issue(UserRecord user, MembershipRecord membership, String organizationName,
			UUID family) {
		return this.platform.standing(user.id())
			.flatMap(standing -> standing.suspended()
					? Mono.<String>error(new AccountInactiveException(SUSPENDED))
					: this.accessTokens.user(user.id(), membership.organizationId(), membership.role(),
							standing.platformAdmin(), this.properties.accessTokenTtl()))
			.zipWith(this.refreshTokens.issue(user.id(), membership.organizationId(), family))
			.map(tokens -> new TokenResponse(tokens.getT1(), tokens.getT2(), TOKEN_TYPE,
					this.properties.accessTokenTtl().toSeconds(), UserResponse.of(user, membership),
					membership.organizationId(), organizationName));
	}

}
