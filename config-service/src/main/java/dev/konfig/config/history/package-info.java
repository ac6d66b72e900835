/**
 * Config history: one row per change, kept without foreign keys so it outlives the config and
 * its namespace, and the notification that tells watchers on every replica about a change.
 */
package dev.konfig.config.history;
