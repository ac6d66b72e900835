/**
 * API keys at the gateway: a key is exchanged at auth-service for a short-lived access token,
 * cached by the key's SHA-256 for a bounded time, and verified like any other token.
 */
package dev.konfig.gateway.apikey;
