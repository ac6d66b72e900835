/**
 * Housekeeping (FS-18, FS-19): abandoned and expired uploads released, old temporary files and
 * failed rows removed, and stored blobs compared with the rows — one replica at a time.
 */
package dev.konfig.file.sweep;
