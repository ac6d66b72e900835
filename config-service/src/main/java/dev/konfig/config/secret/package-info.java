/**
 * Secret values: the AES-GCM cipher (platform-security's {@code SecretCipher}) under keys from
 * the environment, and the rule of who may see them in clear.
 */
package dev.konfig.config.secret;
