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

	UserController(UserService users) {
		this.users = users;
	}

	@GetMapping
	Mono<Page<UserResponse>> list(@AuthenticationPrincipal KonfigPrincipal caller, PageRequest page) {
		return Mono.defer(() -> this.users.list(caller, page));
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Mono<UserResponse> create(@AuthenticationPrincipal KonfigPrincipal caller,
			@Valid @RequestBody CreateUserRequest request) {
		return this.users.create(caller, request);
	}

	@GetMapping("/{id}")
	Mono<UserResponse> get(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID id) {
		return this.users.get(caller, id);
	}

	/** PATCH and PUT both change only the fields sent (konfig's clients update users with PUT). */
	@RequestMapping(path = "/{id}", method = { RequestMethod.PATCH, RequestMethod.PUT })
	Mono<UserResponse> update(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID id,
			@Valid @RequestBody UpdateUserRequest request) {
		return Mono.defer(() -> this.users.update(caller, id, request));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID id) {
		return Mono.defer(() -> this.users.delete(caller, id));
	}

}
