/** An organization's printers (spec §1): CRUD, the default printer, capability checks, stats. */
package dev.konfig.print.printer;
