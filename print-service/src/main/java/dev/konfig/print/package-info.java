/** print-service: printers, canvas configs, print jobs, print agents (spec print-service.md). */
package dev.konfig.print;
