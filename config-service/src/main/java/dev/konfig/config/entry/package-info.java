/**
 * Configs: typed values in a namespace, validated on every write, versioned with optimistic
 * concurrency, encrypted when secret; their history, rollback and diff; and the flat values
 * map programs read.
 */
package dev.konfig.config.entry;
