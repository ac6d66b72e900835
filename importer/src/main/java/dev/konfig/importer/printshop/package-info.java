/**
 * The print back office's source ({@code import printshop}): its multi-tenant tables read in one
 * snapshot and sent to the owning services' import endpoints, files from the NAS copied or
 * referenced, events into the audit trail.
 */
package dev.konfig.importer.printshop;
