/** Wiring: settings, token verification, outbound HTTP, password hashing. */
package dev.konfig.auth.system;
