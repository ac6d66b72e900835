/**
 * Not a service: fixtures for {@code dev.konfig.e2e.ArchitectureTests}, each committing one
 * violation the architecture rules must catch. The real rules never see them: they read the
 * modules' main classes only.
 */
package dev.konfig.file.archfixture;
