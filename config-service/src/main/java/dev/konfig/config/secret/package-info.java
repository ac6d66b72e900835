/**
 * Secret values: AES-GCM encryption at rest under keys from the environment, and the rule of
 * who may see them in clear.
 */
package dev.konfig.config.secret;
