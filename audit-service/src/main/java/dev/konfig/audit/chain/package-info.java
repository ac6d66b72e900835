/**
 * Tamper evidence: each organization's events form a hash chain, appended under a
 * per-organization lock and recomputed on demand.
 */
package dev.konfig.audit.chain;
