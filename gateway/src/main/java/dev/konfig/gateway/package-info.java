/**
 * The gateway: the only public entry of the suite. It verifies access tokens, exchanges API
 * keys for short-lived tokens, strips client-sent identity headers and routes to the services.
 */
package dev.konfig.gateway;
