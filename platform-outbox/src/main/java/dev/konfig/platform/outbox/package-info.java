/**
 * The suite's event backbone. {@link dev.konfig.platform.outbox.Outbox#append} writes an
 * {@link dev.konfig.platform.outbox.AuditEvent} to the service's own {@code outbox} table in the
 * caller's transaction; {@link dev.konfig.platform.outbox.OutboxRelay} delivers it to every
 * subscriber interested in its type (audit-service takes all), in order per organization; a
 * service that declares an {@link dev.konfig.platform.outbox.EventHandler} receives events on
 * {@code POST /internal/events} and applies each once. The tables come from
 * {@link dev.konfig.platform.outbox.OutboxTable}; the service's one LISTEN connection is
 * {@link dev.konfig.platform.outbox.PostgresNotifications}. See the module's README and
 * docs/events.md.
 */
@NonNullApi
package dev.konfig.platform.outbox;

import org.springframework.lang.NonNullApi;
