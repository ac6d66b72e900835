package dev.konfig.auth.invitation;

import java.util.UUID;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.auth.invitation.InvitationRecords.AcceptedResponse;
import dev.konfig.auth.invitation.InvitationRecords.InvitationResponse;
import dev.konfig.auth.session.LoginThrottle;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;

/**
 * An organization's invitations (its admins and owners), and their acceptance: public with the
 * token alone for a new person, with the session for a signed-in user.
 */
@RestController
class InvitationController {

	private static final String INVITATIONS = "/api/v1/organizations/{organizationId}/invitations";

	private final InvitationService invitations;

	InvitationController(InvitationService invitations) {
		this.invitations = invitations;
	}

	/** {@code /invite} is the seed frontend's name for the same thing. */
	@PostMapping({ INVITATIONS, "/api/v1/organizations/{organizationId}/invite" })
	@ResponseStatus(HttpStatus.CREATED)
	Mono<InvitationResponse> create(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID organizationId,
			@Valid @RequestBody InvitationRecords.CreateInvitationRequest request) {
		return Mono.defer(() -> this.invitations.create(caller, organizationId, request));
	}

	@GetMapping(INVITATIONS)
	Mono<Page<InvitationResponse>> list(@AuthenticationPrincipal KonfigPrincipal caller,
			@PathVariable UUID organizationId, PageRequest page,
			@RequestParam(name = "status", required = false) String status) {
		return Mono.defer(() -> this.invitations.list(caller, organizationId, InvitationStatus.of(status), page));
	}

	@GetMapping(INVITATIONS + "/{id}")
	Mono<InvitationResponse> get(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID organizationId,
			@PathVariable UUID id) {
		return Mono.defer(() -> this.invitations.get(caller, organizationId, id));
	}

	@DeleteMapping(INVITATIONS + "/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> revoke(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID organizationId,
			@PathVariable UUID id) {
		return Mono.defer(() -> this.invitations.revoke(caller, organizationId, id));
	}

	@PostMapping(INVITATIONS + "/{id}/resend")
	Mono<InvitationResponse> resend(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID organizationId,
			@PathVariable UUID id) {
		return Mono.defer(() -> this.invitations.resend(caller, organizationId, id));
	}

	/** Public: the token is the credential. */
	@PostMapping("/api/v1/invitations/accept")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<AcceptedResponse> acceptAsNewUser(@Valid @RequestBody InvitationRecords.AcceptAsNewUserRequest request,
			ServerHttpRequest http) {
		return Mono.defer(() -> this.invitations.acceptAsNewUser(request, LoginThrottle.clientAddress(http)));
	}

	@PostMapping("/api/v1/auth/accept-invitation")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<AcceptedResponse> acceptAsUser(@AuthenticationPrincipal KonfigPrincipal caller,
			@Valid @RequestBody InvitationRecords.AcceptRequest request, ServerHttpRequest http) {
		return Mono.defer(() -> this.invitations.acceptAsUser(caller, request, LoginThrottle.clientAddress(http)));
	}

}
