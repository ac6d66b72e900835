/**
 * An organization's statistics (ST-1..ST-3): members from auth-service, shops from this
 * service, files from file-service, printers and print jobs from print-service, in one answer
 * that still comes when a peer does not.
 */
package dev.konfig.tenant.stats;
