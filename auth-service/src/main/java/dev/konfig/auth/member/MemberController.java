package dev.konfig.auth.member;

import java.util.UUID;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.auth.user.MemberFilter;
import dev.konfig.auth.user.OrganizationCallers;
import dev.konfig.auth.user.UpdateUserRequest;
import dev.konfig.auth.user.UserService;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;

/**
 * The members of an organization the caller is an active member of (any role; an API key of
 * that organization reads them). The rules are those of {@code /api/v1/users}, applied to the
 * organization of the path with the caller's role there.
 */
@RestController
@RequestMapping("/api/v1/organizations/{organizationId}/members")
class MemberController {

	private final UserService users;

	private final OrganizationCallers callers;

	MemberController(UserService users, OrganizationCallers callers) {
		this.users = users;
		this.callers = callers;
	}

	@GetMapping
	Mono<Page<MemberResponse>> list(@AuthenticationPrincipal KonfigPrincipal caller,
			@PathVariable UUID organizationId, PageRequest page,
			@RequestParam(name = "role", required = false) String role,
			@RequestParam(name = "is_active", required = false) String active,
			@RequestParam(name = "q", required = false) String text) {
		return Mono.defer(() -> {
			MemberFilter filter = MemberFilter.of(role, active, text);
			return this.callers.of(caller, organizationId).flatMap(member -> this.users.list(member, filter, page));
		}).map(members -> members.map(MemberResponse::of));
	}

	@GetMapping("/{userId}")
	Mono<MemberResponse> get(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID organizationId,
			@PathVariable UUID userId) {
		return this.callers.of(caller, organizationId)
			.flatMap(member -> this.users.get(member, userId))
			.map(MemberResponse::of);
	}

	/** PATCH and PUT both change only the fields sent (the seed's frontend uses PUT). */
	@RequestMapping(path = "/{userId}", method = { RequestMethod.PATCH, RequestMethod.PUT })
	Mono<MemberResponse> update(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID organizationId,
			@PathVariable UUID userId, @Valid @RequestBody MemberUpdateRequest request) {
		return this.callers.of(caller, organizationId)
			.flatMap(member -> this.users.update(member, userId,
					UpdateUserRequest.ofMembership(request.role(), request.isActive())))
			.map(MemberResponse::of);
	}

	@DeleteMapping("/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID organizationId,
			@PathVariable UUID userId) {
		return this.callers.of(caller, organizationId).flatMap(member -> this.users.delete(member, userId));
	}

}
