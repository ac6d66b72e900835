package dev.konfig.auth.session;

import java.util.UUID;

import dev.konfig.auth.user.UserResponse;

/** What register, login, refresh and switch-organization answer. */
record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn, UserResponse user,
		UUID tenantId, String tenantName) {
}
