/**
 * The web console: the single-page application of the {@code console} module, served at
 * {@code /} with its client-side routes, after every gateway route, so API requests never see it.
 */
package dev.konfig.gateway.console;
