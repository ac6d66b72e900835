/**
 * Test support shared by every service: a real PostgreSQL (the machine's, or a
 * Testcontainers one where Docker exists) and real RS256 tokens served from a real JWKS.
 */
package dev.konfig.platform.test;
