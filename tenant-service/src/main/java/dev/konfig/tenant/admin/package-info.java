/**
 * Platform administration at tenant-service: every organization (list, details, switching one
 * on or off, deleting it), the overview that gathers the other services' totals, the suite's
 * health, and the internal name lookup auth-service's admin users view uses. Platform admins
 * only; every write re-reads the caller's flag at auth-service first.
 */
package dev.konfig.tenant.admin;
