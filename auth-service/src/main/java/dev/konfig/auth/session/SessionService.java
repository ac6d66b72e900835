package dev.konfig.auth.session;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.auth.key.AccessTokens;
import dev.konfig.auth.system.AuthProperties;
import dev.konfig.auth.user.EmailTakenException;
import dev.konfig.auth.user.MembershipRecord;
import dev.konfig.auth.user.Passwords;
import dev.konfig.auth.user.UserRecord;
import dev.konfig.auth.user.UserResponse;
import dev.konfig.auth.user.UserStore;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.PrincipalType;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.KonfigException;

/** Registration (a saga with tenant-service), login, refresh, logout and organization switch. */
@Service
class SessionService {

	private static final Logger log = LoggerFactory.getLogger(SessionService.class);

	private static final String TOKEN_TYPE = "bearer";

	private final UserStore users;

	private final Passwords passwords;

	private final TenantClient tenants;

	private final RefreshTokens refreshTokens;

	private final LoginThrottle throttle;

	private final AccessTokens accessTokens;

	private final TransactionalOperator tx;

	private final AuthProperties properties;

	SessionService(UserStore users, Passwords passwords, TenantClient tenants, RefreshTokens refreshTokens,
			LoginThrottle throttle, AccessTokens accessTokens, TransactionalOperator tx, AuthProperties properties) {
		this.users = users;
		this.passwords = passwords;
		this.tenants = tenants;
		this.refreshTokens = refreshTokens;
		this.throttle = throttle;
		this.accessTokens = accessTokens;
		this.tx = tx;
		this.properties = properties;
	}

	/**
	 * Email check, organization at tenant-service with an id chosen here, then user and owner
	 * membership in one local transaction; if that fails, the organization is deleted again.
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
					.insertUser(new UserRecord(userId, email, hash, request.fullName().trim(), null, null))
					.then(this.users.insertMembership(userId, organizationId, Role.OWNER))))
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

	private Mono<Boolean> compensate(UUID organizationId, Throwable failure) {
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
			.then(this.users.findByEmail(email).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
			.flatMap(user -> this.passwords.matches(request.password(), user.map(UserRecord::passwordHash).orElse(null))
				.flatMap(matched -> matched ? Mono.just(user.get())
						: this.throttle.recordFailure(email, address).then(Mono.error(new InvalidCredentialsException()))))
			.flatMap(user -> this.throttle.clear(email)
				.then(this.users.memberships(user.id()).filter(MembershipRecord::active).next())
				.switchIfEmpty(Mono.error(() -> new AccountInactiveException("The account is deactivated")))
				.flatMap(membership -> activeOrganization(membership.organizationId())
					.flatMap(organization -> issue(user, membership, organization.name(), null))));
	}

	Mono<TokenResponse> refresh(String refreshToken) {
		return this.refreshTokens.rotate(refreshToken)
			.flatMap(rotated -> this.users.member(rotated.organizationId(), rotated.userId())
				.filter(member -> member.membership().active())
				.switchIfEmpty(this.refreshTokens.revokeFamily(rotated.family())
					.then(Mono.error(new InvalidRefreshTokenException())))
				.flatMap(member -> activeOrganization(rotated.organizationId())
					.flatMap(organization -> issue(member.user(), member.membership(), organization.name(),
							rotated.family()))));
	}

	Mono<Void> logout(String refreshToken) {
		return this.refreshTokens.revokeFamily(refreshToken);
	}

	Mono<TokenResponse> switchOrganization(KonfigPrincipal caller, UUID organizationId) {
		UUID userId = caller.userId();
		return this.users.member(organizationId, userId)
			.filter(member -> member.membership().active())
			.switchIfEmpty(Mono.error(MembershipNotFoundException::new))
			.flatMap(member -> activeOrganization(organizationId)
				.flatMap(organization -> issue(member.user(), member.membership(), organization.name(), null)));
	}

	Mono<MeResponse> me(KonfigPrincipal caller) {
		UUID userId = caller.userId();
		UUID organizationId = caller.requireOrganization();
		return this.users.member(organizationId, userId)
			.switchIfEmpty(Mono.error(MembershipNotFoundException::new))
			.flatMap(member -> memberships(caller).map(all -> MeResponse.of(member.response(), all)));
	}

	Mono<List<MembershipView>> memberships(KonfigPrincipal caller) {
		if (caller.type() == PrincipalType.API_KEY) {
			return Mono.just(List.of(new MembershipView(caller.requireOrganization(), Role.MEMBER.claim())));
		}
		return this.users.memberships(caller.userId())
			.filter(MembershipRecord::active)
			.map(membership -> new MembershipView(membership.organizationId(), membership.role().claim()))
			.collectList();
	}

	private Mono<TenantClient.Organization> activeOrganization(UUID organizationId) {
		return this.tenants.organization(organizationId)
			.filter(TenantClient.Organization::active)
			.switchIfEmpty(Mono.error(() -> new AccountInactiveException("The organization is deactivated")));
	}

	private Mono<TokenResponse> issue(UserRecord user, MembershipRecord membership, String organizationName,
			UUID family) {
		return this.accessTokens
			.user(user.id(), membership.organizationId(), membership.role(), this.properties.accessTokenTtl())
			.zipWith(this.refreshTokens.issue(user.id(), membership.organizationId(), family))
			.map(tokens -> new TokenResponse(tokens.getT1(), tokens.getT2(), TOKEN_TYPE,
					this.properties.accessTokenTtl().toSeconds(), UserResponse.of(user, membership),
					membership.organizationId(), organizationName));
	}

}
