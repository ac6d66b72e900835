/** Ingestion: the batches every service's outbox relay delivers. */
package dev.konfig.audit.ingestion;
