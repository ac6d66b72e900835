/** Wiring: settings, outbound HTTP clients and their circuit breakers. */
package dev.konfig.tenant.system;
