/**
 * What a file is, read from its bytes: the media type from its magic bytes (never the client's
 * word), and for images the header facts gang sheets need (pixels, DPI, alpha), with bounded
 * reads and loops so a hostile header costs little.
 */
package dev.konfig.file.content;
