/**
 * konfig as a source: its tables (tenants, users, api_keys, namespaces, configs,
 * config_history), its Fernet encryption of values, and how each row becomes the suite's.
 */
package dev.konfig.importer.konfig;
