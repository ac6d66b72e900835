/**
 * file-service: the print back office's design files (originals, designs, mockups, print files,
 * rendered gang sheets) on NAS storage, one row per file with its SHA-256, streamed in and out,
 * deduplicated per organization, with the image facts (pixels and DPI) print sizes come from.
 */
package dev.konfig.file;
