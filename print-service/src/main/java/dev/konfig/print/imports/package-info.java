/**
 * The importer's endpoints ({@code /internal/import/**}, scope {@code internal}, never routed by
 * the gateway): printers, canvas configs and print jobs with their history brought from the
 * print back office, ids kept, checked by today's rules, each item in one transaction.
 */
package dev.konfig.print.imports;
