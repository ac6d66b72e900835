/** Print agents (spec §4): heartbeat, atomic claims, leases, fenced reports, file content. */
package dev.konfig.print.agent;
