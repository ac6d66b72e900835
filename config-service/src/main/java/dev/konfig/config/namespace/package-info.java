/**
 * Namespaces: an organization's named groups of configs. Every path takes a namespace's id or
 * its name; another organization's namespace is not found either way.
 */
package dev.konfig.config.namespace;
