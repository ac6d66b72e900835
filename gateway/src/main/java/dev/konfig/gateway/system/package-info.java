/** Wiring: settings, the security chain, circuit breakers and gateway-made error answers. */
package dev.konfig.gateway.system;
