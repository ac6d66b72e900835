package dev.konfig.auth.session;

import java.util.List;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;

/** Sign-up, sign-in and the caller's session. */
@RestController
@RequestMapping("/api/v1/auth")
class SessionController {

	private final SessionService sessions;

	SessionController(SessionService sessions) {
		this.sessions = sessions;
	}

	@PostMapping("/register")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<TokenResponse> register(@Valid @RequestBody SessionRequests.RegisterRequest request) {
		return this.sessions.register(request);
	}

	@PostMapping("/login")
	Mono<TokenResponse> login(@Valid @RequestBody SessionRequests.LoginRequest request, ServerHttpRequest http) {
		return this.sessions.login(request, LoginThrottle.clientAddress(http));
	}

	@PostMapping("/refresh")
	Mono<TokenResponse> refresh(@Valid @RequestBody SessionRequests.RefreshRequest request) {
		return this.sessions.refresh(request.refreshToken());
	}

	@PostMapping("/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> logout(@Valid @RequestBody SessionRequests.RefreshRequest request) {
		return this.sessions.logout(request.refreshToken());
	}

	@GetMapping("/me")
	Mono<MeResponse> me(@AuthenticationPrincipal KonfigPrincipal caller) {
		return Mono.defer(() -> this.sessions.me(caller));
	}

	@GetMapping("/memberships")
	Mono<List<MembershipView>> memberships(@AuthenticationPrincipal KonfigPrincipal caller) {
		return Mono.defer(() -> this.sessions.memberships(caller));
	}

	@PostMapping("/switch-organization")
	Mono<TokenResponse> switchOrganization(@AuthenticationPrincipal KonfigPrincipal caller,
			@Valid @RequestBody SessionRequests.SwitchOrganizationRequest request) {
		return Mono.defer(() -> this.sessions.switchOrganization(caller, request.organizationId()));
	}

}
