/** Wiring: settings and the OpenAPI document. */
package dev.konfig.config.system;
