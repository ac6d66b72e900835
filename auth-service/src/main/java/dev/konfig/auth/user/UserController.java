package dev.konfig.auth.user;

import java.util.UUID;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;

/** The active organization's users. */
@RestController
@RequestMapping("/api/v1/users")
class UserController {

	private final UserService users;

	private final OrganizationCallers callers;

	UserController(UserService users, OrganizationCallers callers) {
		this.users = users;
		this.callers = callers;
	}

	/** In the order members joined; {@code ?role=&is_active=&q=} narrow it as for members. */
	@GetMapping
	Mono<Page<UserResponse>> list(@AuthenticationPrincipal KonfigPrincipal caller, PageRequest page,
			@RequestParam(name = "role", required = false) String role,
			@RequestParam(name = "is_active", required = false) String active,
			@RequestParam(name = "q", required = false) String text) {
		return Mono.defer(() -> this.users.list(this.callers.ofToken(caller), MemberFilter.of(role, active, text), page))
			.map(members -> members.map(UserStore.Member::response));
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Mono<UserResponse> create(@AuthenticationPrincipal KonfigPrincipal caller,
			@Valid @RequestBody CreateUserRequest request) {
		return Mono.defer(() -> this.users.create(this.callers.ofToken(caller), request))
			.map(UserStore.Member::response);
	}

	@GetMapping("/{id}")
	Mono<UserResponse> get(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID id) {
		return Mono.defer(() -> this.users.get(this.callers.ofToken(caller), id)).map(UserStore.Member::response);
	}

	/** PATCH and PUT both change only the fields sent (konfig's clients update users with PUT). */
	@RequestMapping(path = "/{id}", method = { RequestMethod.PATCH, RequestMethod.PUT })
	Mono<UserResponse> update(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID id,
			@Valid @RequestBody UpdateUserRequest request) {
		return Mono.defer(() -> this.users.update(this.callers.ofToken(caller), id, request))
			.map(UserStore.Member::response);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID id) {
		return Mono.defer(() -> this.users.delete(this.callers.ofToken(caller), id));
	}

}
