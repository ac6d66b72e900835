/**
 * Downloads (FS-14): the bytes streamed from the file (zero-copy where the server allows it),
 * single byte ranges, conditional requests on the content hash, and a safe
 * {@code Content-Disposition}.
 */
package dev.konfig.file.download;
