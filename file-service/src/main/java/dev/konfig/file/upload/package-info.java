/**
 * Uploads: plain (multipart or raw body) and resumable (tus 1.0), one pipeline for both —
 * reserve in the quota, stream to a temporary file through SHA-256 and a counter, detect the
 * type, read the image facts, verify the client's checksum, deduplicate per organization, move
 * into place atomically, commit with the audit event.
 */
package dev.konfig.file.upload;
