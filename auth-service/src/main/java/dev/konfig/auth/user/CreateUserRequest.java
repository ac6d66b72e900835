package dev.konfig.auth.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new user of the caller's organization. */
record CreateUserRequest(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(min = 8, max = 128) String password,
		@NotBlank @Size(max = 200) String fullName,
		@NotBlank @Pattern(regexp = "owner|admin|member", message = "must be owner, admin or member") String role) {
}
