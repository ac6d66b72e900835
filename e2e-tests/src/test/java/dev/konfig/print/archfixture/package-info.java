/**
 * Not a service: a fixture for {@code dev.konfig.e2e.ArchitectureTests}, in a service's package
 * so the rules treat it as one.
 */
package dev.konfig.print.archfixture;
