/**
 * Data brought in from konfig by the importer: users with their memberships and API keys,
 * kept with their ids and with konfig's hashes (upgraded at first use). Service principals
 * only (scope {@code internal}); every item is idempotent by its id and its own transaction.
 */
package dev.konfig.auth.importing;
