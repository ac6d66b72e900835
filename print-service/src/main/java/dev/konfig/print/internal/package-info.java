/** Endpoints for the suite's services: usage figures for tenant-service's organization stats. */
package dev.konfig.print.internal;
