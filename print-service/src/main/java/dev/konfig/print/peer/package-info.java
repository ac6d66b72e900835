/** Calls to file-service and tenant-service (spec §7, XS-1..3). */
package dev.konfig.print.peer;
