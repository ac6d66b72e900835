/**
 * The storage root (a directory: local, a Compose volume, or the NAS mount the replicas share):
 * paths built from ids only and checked to stay under the root, temporary files beside it,
 * streamed writes through a digest and a counter, atomic moves, removal.
 */
package dev.konfig.file.storage;
