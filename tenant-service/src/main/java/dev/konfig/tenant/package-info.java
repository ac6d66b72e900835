/**
 * tenant-service: organizations (the tenants of the suite) and their settings. Who belongs to
 * an organization is auth-service's knowledge; this service asks it.
 */
package dev.konfig.tenant;
