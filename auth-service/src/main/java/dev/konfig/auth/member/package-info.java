/**
 * The members of an organization the caller names in the path ({@code /api/v1/organizations/{id}/members}),
 * managed by the same rules as the active organization's users ({@code user.UserService}), and the
 * member counts tenant-service's statistics ask for ({@code /internal/usage}).
 */
package dev.konfig.auth.member;
