package dev.konfig.auth.session;

import java.util.UUID;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of the /api/v1/auth endpoints. */
final class SessionRequests {

	private SessionRequests() {
	}

	record RegisterRequest(@NotBlank @Size(max = 200) String tenantName, @NotBlank @Email @Size(max = 254) String email,
			@NotBlank @Size(min = 8, max = 128) String password, @NotBlank @Size(max = 200) String fullName) {
	}

	record LoginRequest(@NotBlank String email, @NotBlank @Size(max = 128) String password) {
	}

	/** The token may be absent when the console sends the refresh cookie instead. */
	record RefreshRequest(@Size(max = 200) String refreshToken) {
	}

	record SwitchOrganizationRequest(@NotNull UUID organizationId) {
	}

}
