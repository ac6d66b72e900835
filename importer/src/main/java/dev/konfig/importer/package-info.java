/**
 * The command-line importer ({@code bin/suite import <source> ...}): one command, one report
 * format and one progress bar for every source. A source ({@code konfig}; a print back office
 * later) reads its own database and hands each item to the running suite's internal import
 * endpoints, which keep ids and are idempotent, so a second run imports nothing twice.
 */
package dev.konfig.importer;
