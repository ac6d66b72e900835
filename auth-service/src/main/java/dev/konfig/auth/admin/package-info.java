/**
 * Platform administration at auth-service: the platform-admin flag (granted by configuration or
 * by another platform admin), suspension, the admin users view, and the internal answers other
 * services need for their admin endpoints (is this user a platform admin now; user totals).
 */
package dev.konfig.auth.admin;
