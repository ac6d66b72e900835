/** Print jobs (spec §3): the state machine, its history, idempotent creation, stats, the event stream. */
package dev.konfig.print.job;
