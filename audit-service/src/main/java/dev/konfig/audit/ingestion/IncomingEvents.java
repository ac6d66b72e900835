package dev.konfig.audit.ingestion;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** A relay's batch. */
record IncomingEvents(@NotNull List<@Valid @NotNull IncomingEvent> events) {
}
