/**
 * What auth-service knows of organizations without asking tenant-service: a projection of their
 * status kept from tenant-service's {@code organization.*} events, and seeded at registration.
 */
package dev.konfig.auth.organization;
