/**
 * Memberships at the gateway: a user's access token names a role for 15 minutes, but a
 * removal, deactivation or demotion must count everywhere within seconds, so the gateway
 * re-reads the caller's current memberships at auth-service (cached a few seconds per user)
 * and refuses a token that no longer matches them.
 */
package dev.konfig.gateway.membership;
