/**
 * config-service: the konfig product. Organizations keep typed, versioned, optionally secret
 * configs in namespaces; people edit them, programs read and watch them with API keys.
 */
package dev.konfig.config;
