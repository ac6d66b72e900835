/**
 * audit-service: ingests events from every service's outbox relay, chains them per
 * organization, and serves queries, exports and chain verification.
 */
package dev.konfig.audit;
