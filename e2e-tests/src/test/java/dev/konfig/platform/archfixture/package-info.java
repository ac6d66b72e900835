/** Not platform code: a fixture for {@code dev.konfig.e2e.ArchitectureTests}. */
package dev.konfig.platform.archfixture;
