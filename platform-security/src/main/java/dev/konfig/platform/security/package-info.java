/**
 * Security defaults every Konfig service shares: bearer JWTs from auth-service verified
 * against its JWKS, the caller as a {@link dev.konfig.platform.security.KonfigPrincipal},
 * and the scope and role rules of the architecture.
 */
@NonNullApi
package dev.konfig.platform.security;

import org.springframework.lang.NonNullApi;
