/** JWT signing keys (shared through the database), access token minting and the JWKS. */
package dev.konfig.auth.key;
