/**
 * The importer's files ({@code /internal/import/files}, scope {@code internal}, never routed by
 * the gateway): the print back office's NAS files registered with their ids, hashed,
 * deduplicated per organization and their image facts read, their bytes copied into the storage
 * or referenced where they are (a hard link into the storage; see docs/decisions.md).
 */
package dev.konfig.file.imports;
