package dev.konfig.auth.user;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.Role;

/** tenant-service adds the creator of a new organization as a member (scope internal). */
@RestController
class InternalMembershipController {

	private final UserStore store;

	InternalMembershipController(UserStore store) {
		this.store = store;
	}

	@PostMapping("/internal/memberships")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<MembershipResponse> add(@Valid @RequestBody AddMembershipRequest request) {
		Role role = Role.fromClaim(request.role());
		return this.store.findById(request.userId())
			.switchIfEmpty(Mono.error(UserNotFoundException::new))
			.flatMap(user -> this.store.insertMembership(user.id(), request.organizationId(), role))
			.then(this.store.membership(request.userId(), request.organizationId()))
			.map(membership -> new MembershipResponse(membership.userId(), membership.organizationId(),
					membership.role().claim()));
	}

	record AddMembershipRequest(@NotNull UUID userId, @NotNull UUID organizationId,
			@NotNull @Pattern(regexp = "owner|admin|member", message = "must be owner, admin or member") String role) {
	}

	record MembershipResponse(UUID userId, UUID organizationId, String role) {
	}

}
