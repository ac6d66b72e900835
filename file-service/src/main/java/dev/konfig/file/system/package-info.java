/** Wiring: settings, the service's own problem answers. */
package dev.konfig.file.system;
