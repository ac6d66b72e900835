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
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import dev.konfig.platform.security.KonfigPrincipal;

/** Sign-up, sign-in and the caller's session. */
@RestController
@RequestMapping("/api/v1/auth")
class SessionController {

	private final SessionService sessions;

	private final RefreshCookies cookies;

	SessionController(SessionService sessions, RefreshCookies cookies) {
		this.sessions = sessions;
		this.cookies = cookies;
	}

	@PostMapping("/register")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<TokenResponse> register(@Valid @RequestBody SessionRequests.RegisterRequest request,
			ServerWebExchange exchange) {
		return this.sessions.register(request).map(tokens -> this.cookies.deliver(exchange, tokens));
	}

	@PostMapping("/login")
	Mono<TokenResponse> login(@Valid @RequestBody SessionRequests.LoginRequest request, ServerHttpRequest http,
			ServerWebExchange exchange) {
		return this.sessions.login(request, LoginThrottle.clientAddress(http))
			.map(tokens -> this.cookies.deliver(exchange, tokens));
	}

	/** The token comes in the body, or (for the console) in the refresh cookie. */
	@PostMapping("/refresh")
	Mono<TokenResponse> refresh(@Valid @RequestBody(required = false) SessionRequests.RefreshRequest request,
			ServerWebExchange exchange) {
		String token = requiredToken(exchange, request);
		return this.sessions.refresh(token)
			.map(tokens -> this.cookies.deliver(exchange, tokens))
			.doOnError(InvalidRefreshTokenException.class, refused -> this.cookies.clear(exchange));
	}

	@PostMapping("/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> logout(@Valid @RequestBody(required = false) SessionRequests.RefreshRequest request,
			ServerWebExchange exchange) {
		String token = requiredToken(exchange, request);
		this.cookies.clear(exchange);
		return this.sessions.logout(token);
	}

	private String requiredToken(ServerWebExchange exchange, SessionRequests.RefreshRequest request) {
		String token = this.cookies.token(exchange, request);
		if (token == null) {
			throw new ServerWebInputException("refresh_token is required");
		}
		return token;
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
			@Valid @RequestBody SessionRequests.SwitchOrganizationRequest request, ServerWebExchange exchange) {
		return Mono.defer(() -> this.sessions.switchOrganization(caller, request.organizationId()))
			.map(tokens -> this.cookies.deliver(exchange, tokens));
	}

}
