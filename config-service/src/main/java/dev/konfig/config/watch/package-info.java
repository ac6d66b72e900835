/**
 * Programs' view of a namespace: the flat values map, a long poll on it, and a resumable event
 * stream. Wake-ups come from PostgreSQL LISTEN/NOTIFY over one connection per replica and are
 * fanned out in memory, so an idle watcher holds no thread and no database connection.
 */
package dev.konfig.config.watch;
