package dev.konfig.audit.ingestion;

/**
 * @param received events in the batch
 * @param stored events new to the trail; the rest were known already (a redelivery)
 */
record IngestionResult(int received, int stored) {
}
