/** Wiring: settings, transactions, the OpenAPI document. */
package dev.konfig.audit.system;
