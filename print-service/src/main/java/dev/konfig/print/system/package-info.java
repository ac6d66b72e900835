/** Wiring: settings, request bodies read field by field, the service's own problem answers. */
package dev.konfig.print.system;
