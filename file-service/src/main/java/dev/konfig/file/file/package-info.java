/**
 * Files as rows: the representation, search and filters, metadata edits with ETags, archive
 * and restore, permanent deletion, the organization's usage and quota, and storage stats.
 */
package dev.konfig.file.file;
