/**
 * The transactional outbox of audit events: {@link dev.konfig.platform.outbox.Outbox#append}
 * writes an {@link dev.konfig.platform.outbox.AuditEvent} to the service's own {@code outbox}
 * table in the caller's transaction, and {@link dev.konfig.platform.outbox.OutboxRelay}
 * delivers pending rows to audit-service. Each service creates the table with
 * {@link dev.konfig.platform.outbox.OutboxTable#DDL} in a Flyway migration of its own schema.
 * See the module's README.
 */
@NonNullApi
package dev.konfig.platform.outbox;

import org.springframework.lang.NonNullApi;
