/**
 * Who belongs to which organization, learnt from auth-service (relaying the caller's token),
 * and granting ownership of a new organization (as the service itself).
 */
package dev.konfig.tenant.membership;
