/**
 * Gang sheets (spec §5–6): the layout engine (pure, deterministic, integer pixels), the
 * parameters it is given, the persisted layouts and their endpoints, and the renderer that
 * turns a {@code gang_sheets} job into PNG sheets in file-service.
 */
package dev.konfig.print.gang;
