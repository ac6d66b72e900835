/**
 * The platform admin's system log: every organization's trail and the events of no organization,
 * through the same query code as the organization's own API, for platform administrators only.
 */
package dev.konfig.audit.admin;
