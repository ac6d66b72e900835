package dev.konfig.auth.invitation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.auth.invitation.InvitationRecords.AcceptedResponse;
import dev.konfig.auth.invitation.InvitationRecords.InvitationResponse;
import dev.konfig.auth.organization.KnownOrganization;
import dev.konfig.auth.organization.OrganizationStatuses;
import dev.konfig.auth.session.LoginThrottle;
import dev.konfig.auth.system.AuthProperties;
import dev.konfig.auth.user.OrganizationCaller;
import dev.konfig.auth.user.OrganizationCallers;
import dev.konfig.auth.user.Passwords;
import dev.konfig.auth.user.UserRecord;
import dev.konfig.auth.user.UserStore;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.OpaqueSecrets;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.KeysetCursor;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.SecretMask;

/**
 * Invitations: admins of an organization invite an email with a role; whoever holds the token
 * joins. The token ({@code kinv_} + 256 random bits) is shown once and stored as its SHA-256.
 * Tokens that name nothing usable count as failures of the client address in the login
 * throttle, so guessing them is as slow as guessing passwords.
 */
@Service
class InvitationService {

	static final String TOKEN_PREFIX = "kinv_";

	private final InvitationStore store;

	private final UserStore users;

	private final OrganizationCallers callers;

	private final OrganizationStatuses organizations;

	private final Passwords passwords;

	private final LoginThrottle throttle;

	private final TransactionalOperator tx;

	private final Outbox outbox;

	private final AuthProperties properties;

	private final Clock clock;

	InvitationService(InvitationStore store, UserStore users, OrganizationCallers callers,
			OrganizationStatuses organizations, Passwords passwords, LoginThrottle throttle, TransactionalOperator tx,
			Outbox outbox, AuthProperties properties, Clock clock) {
		this.store = store;
		this.users = users;
		this.callers = callers;
		this.organizations = organizations;
		this.passwords = passwords;
		this.throttle = throttle;
		this.tx = tx;
		this.outbox = outbox;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Admins invite; only owners invite owners. Refused (409) for someone who is a member already
	 * and for an address with an open invitation (resend that one); an expired open one is revoked
	 * in the same transaction to make room.
	 */
	Mono<InvitationResponse> create(KonfigPrincipal principal, UUID organizationId,
			InvitationRecords.CreateInvitationRequest request) {
		Role role = Role.fromClaim(request.role());
		String email = request.email().trim().toLowerCase(Locale.ROOT);
		UUID id = UUID.randomUUID();
		String token = OpaqueSecrets.generate(TOKEN_PREFIX);
		return manager(principal, organizationId, role).flatMap(caller -> {
			Instant expiresAt = expiry();
			Mono<Void> change = this.users.lockOrganization(organizationId)
				.then(this.callers.requireLive(caller))
				.then(requireNotMember(organizationId, email))
				.then(this.store.revokeExpired(organizationId, email))
				.then(this.store.insert(id, organizationId, email, role, OpaqueSecrets.sha256(token), caller.userId(),
						expiresAt))
				.then(this.outbox.appendFromRequest(AuditEvent.of(organizationId, "invitation.created", "invitation",
						id, AuditEvent.SUCCESS, described(email, role, expiresAt))));
			return this.tx.transactional(change)
				.onErrorMap(DataIntegrityViolationException.class, ex -> InvitationExceptions.alreadyInvited());
		}).then(Mono.defer(() -> this.store.find(organizationId, id))).map(saved -> InvitationResponse.of(saved, token));
	}

	Mono<Page<InvitationResponse>> list(KonfigPrincipal principal, UUID organizationId,
			@Nullable InvitationStatus status, PageRequest request) {
		KeysetCursor.TimeAndId after = request.after(KeysetCursor::decodeTimeAndId);
		return manager(principal, organizationId, Role.MEMBER)
			.flatMap(caller -> Page.from(this.store.page(organizationId, status, after, request.fetchSize()), request,
					invitation -> new KeysetCursor.TimeAndId(invitation.createdAt(), invitation.id()).encode()))
			.map(page -> page.map(invitation -> InvitationResponse.of(invitation, null)));
	}

	Mono<InvitationResponse> get(KonfigPrincipal principal, UUID organizationId, UUID id) {
		return manager(principal, organizationId, Role.MEMBER).then(found(organizationId, id))
			.map(invitation -> InvitationResponse.of(invitation, null));
	}

	/** An open invitation (expired or not) stops working; accepted, revoked or unknown → 404. */
	Mono<Void> revoke(KonfigPrincipal principal, UUID organizationId, UUID id) {
		return manager(principal, organizationId, Role.MEMBER)
			.flatMap(caller -> this.tx.transactional(this.users.lockOrganization(organizationId)
				.then(this.callers.requireLive(caller))
				.then(this.store.revoke(organizationId, id))
				.switchIfEmpty(Mono.error(InvitationExceptions::notFound))
				.flatMap(revoked -> this.outbox.appendFromRequest(AuditEvent.of(organizationId, "invitation.revoked",
						"invitation", id, AuditEvent.SUCCESS,
						Map.of("email", revoked.email(), "role", revoked.role().claim()))))));
	}

	/**
	 * A new token and a new expiry for an open invitation; the old token stops working in the
	 * same transaction. Only owners resend an invitation to become owner.
	 */
	Mono<InvitationResponse> resend(KonfigPrincipal principal, UUID organizationId, UUID id) {
		String token = OpaqueSecrets.generate(TOKEN_PREFIX);
		return manager(principal, organizationId, Role.MEMBER)
			.flatMap(caller -> found(organizationId, id).flatMap(current -> {
				if (current.role() == Role.OWNER) {
					caller.requireRole(Role.OWNER);
				}
				Instant expiresAt = expiry();
				return this.tx.transactional(this.users.lockOrganization(organizationId)
					.then(this.callers.requireLive(caller))
					.then(this.store.renew(organizationId, id, OpaqueSecrets.sha256(token), expiresAt))
					.switchIfEmpty(Mono.error(InvitationExceptions::notOpen))
					.flatMap(renewed -> this.outbox
						.appendFromRequest(AuditEvent.of(organizationId, "invitation.resent", "invitation", id,
								AuditEvent.SUCCESS, described(renewed.email(), renewed.role(), expiresAt)))
						.thenReturn(renewed)));
			}))
			.map(renewed -> InvitationResponse.of(renewed, token));
	}

	/**
	 * A new person joins: one transaction creates the account with the invitation's email, the
	 * membership with its role, and marks the invitation accepted. An invitation never touches an
	 * existing account, so an email that has one is sent to log in (409).
	 */
	Mono<AcceptedResponse> acceptAsNewUser(InvitationRecords.AcceptAsNewUserRequest request, String address) {
		UUID userId = UUID.randomUUID();
		String fullName = request.fullName().trim();
		return usable(request.token(), address)
			.flatMap(invitation -> this.users.emailTaken(invitation.email())
				.flatMap(taken -> taken ? Mono.error(InvitationExceptions.accountExists())
						: this.passwords.hash(request.password()))
				.flatMap(hash -> this.tx.transactional(this.store.accept(invitation.id(), userId)
					.switchIfEmpty(Mono.error(InvitationExceptions::gone))
					.then(this.users.insertUser(UserRecord.of(userId, invitation.email(), hash, fullName)))
					.then(this.users.insertMembership(userId, invitation.organizationId(), invitation.role()))
					.then(this.outbox.appendFromRequest(AuditEvent
						.of(invitation.organizationId(), "user.created", "user", userId, AuditEvent.SUCCESS,
								userCreated(invitation, fullName))
						.withActor(AuditEvent.Actor.user(userId))))
					.then(accepted(invitation, userId, true))))
				.onErrorMap(DataIntegrityViolationException.class, ex -> InvitationExceptions.accountExists())
				.thenReturn(new AcceptedResponse(invitation.organizationId(), userId, invitation.role().claim())));
	}

	/**
	 * A signed-in user joins with their own account, which must have the invitation's email
	 * (403 otherwise); a member already gets 409. API keys have no account: 403.
	 */
	Mono<AcceptedResponse> acceptAsUser(KonfigPrincipal principal, InvitationRecords.AcceptRequest request,
			String address) {
		UUID userId = principal.userId();
		return usable(request.token(), address).flatMap(invitation -> this.users.findById(userId)
			.filter(user -> user.email().equalsIgnoreCase(invitation.email()))
			.switchIfEmpty(Mono.error(InvitationExceptions::otherEmail))
			.then(this.users.membership(userId, invitation.organizationId()))
			.flatMap(existing -> Mono.<Void>error(InvitationExceptions.alreadyMember()))
			.then(this.tx.transactional(this.store.accept(invitation.id(), userId)
				.switchIfEmpty(Mono.error(InvitationExceptions::gone))
				.then(this.users.insertMembership(userId, invitation.organizationId(), invitation.role()))
				.flatMap(added -> added ? accepted(invitation, userId, false)
						: Mono.error(InvitationExceptions.alreadyMember()))))
			.thenReturn(new AcceptedResponse(invitation.organizationId(), userId, invitation.role().claim())));
	}

	/**
	 * The pending invitation a token names, of an organization that is active. A throttled
	 * address is refused first (429); a token that names nothing (404) or an invitation that can
	 * no longer be accepted (410) counts as a failure of the address.
	 */
	private Mono<InvitationRecord> usable(String token, String address) {
		return this.throttle.checkAddress(address)
			.then(this.store.findByTokenHash(OpaqueSecrets.sha256(token.trim())))
			.switchIfEmpty(Mono.defer(() -> failure(address, InvitationExceptions.notFound())))
			.flatMap(invitation -> invitation.pending() ? Mono.just(invitation)
					: failure(address, InvitationExceptions.gone()))
			.flatMap(invitation -> this.organizations.find(invitation.organizationId())
				.filter(KnownOrganization::usable)
				.switchIfEmpty(Mono.error(InvitationExceptions::organizationInactive))
				.thenReturn(invitation));
	}

	/** Kept to the microsecond, as PostgreSQL stores it, so the answer and the event match the row. */
	private Instant expiry() {
		return this.clock.instant().plus(this.properties.invitationTtl()).truncatedTo(ChronoUnit.MICROS);
	}

	private <T> Mono<T> failure(String address, RuntimeException refusal) {
		return this.throttle.recordAddressFailure(address).then(Mono.error(refusal));
	}

	/**
	 * The caller as a manager of invitations of the organization: an admin or owner with an active
	 * membership there (non-members 404, members and API keys 403), an owner when the invitation
	 * makes an owner.
	 */
	private Mono<OrganizationCaller> manager(KonfigPrincipal principal, UUID organizationId, Role invited) {
		return this.callers.of(principal, organizationId)
			.map(caller -> caller.requireRole(invited == Role.OWNER ? Role.OWNER : Role.ADMIN));
	}

	private Mono<InvitationRecord> found(UUID organizationId, UUID id) {
		return this.store.find(organizationId, id).switchIfEmpty(Mono.error(InvitationExceptions::notFound));
	}

	/** Anyone with a membership here, active or not, is refused: a deactivated one is reactivated instead. */
	private Mono<Void> requireNotMember(UUID organizationId, String email) {
		return this.users.findByEmail(email)
			.flatMap(user -> this.users.membership(user.id(), organizationId))
			.flatMap(membership -> Mono.error(InvitationExceptions.alreadyMember()));
	}

	private Mono<Void> accepted(InvitationRecord invitation, UUID userId, boolean newAccount) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("email", invitation.email());
		data.put("role", invitation.role().claim());
		data.put("user_id", userId.toString());
		data.put("new_account", newAccount);
		return this.outbox.appendFromRequest(AuditEvent
			.of(invitation.organizationId(), "invitation.accepted", "invitation", invitation.id(), AuditEvent.SUCCESS,
					data)
			.withActor(AuditEvent.Actor.user(userId)));
	}

	/** An invitation as its events describe it: the token only as masked. */
	private static Map<String, Object> described(String email, Role role, Instant expiresAt) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("email", email);
		data.put("role", role.claim());
		data.put("expires_at", expiresAt.toString());
		data.put("token", SecretMask.VALUE);
		return data;
	}

	private static Map<String, Object> userCreated(InvitationRecord invitation, String fullName) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("email", invitation.email());
		data.put("full_name", fullName);
		data.put("role", invitation.role().claim());
		data.put("password", SecretMask.VALUE);
		data.put("invitation_id", invitation.id().toString());
		return data;
	}

}
