/**
 * Invitations to join an organization: created by its admins, accepted with the token by a new
 * person (who gets an account) or by a signed-in user (who gets another membership).
 */
package dev.konfig.auth.invitation;
