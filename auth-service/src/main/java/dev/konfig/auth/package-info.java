/** auth-service: users, memberships, tokens, API keys and signing keys. */
package dev.konfig.auth;
