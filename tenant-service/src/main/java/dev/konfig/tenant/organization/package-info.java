/**
 * Organizations: the internal API auth-service uses during registration, and the public API
 * members use to list, read, create and change their organizations.
 */
package dev.konfig.tenant.organization;
