/**
 * {@code /internal/**} (scope {@code internal}): what the suite's services ask of files —
 * print-service's renderer reading and re-reading files without a caller's token, and
 * tenant-service's organization stats.
 */
package dev.konfig.file.internal;
