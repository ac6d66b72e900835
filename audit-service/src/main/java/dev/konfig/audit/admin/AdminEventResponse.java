package dev.konfig.audit.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.konfig.audit.event.EventQuery;
import dev.konfig.audit.event.EventResponse;

/**
 * An event as the system log shows it: the event itself plus its {@code level} (from its
 * outcome) and {@code component} (its type's first segment).
 */
record AdminEventResponse(@JsonUnwrapped EventResponse event, String level, String component) {

	static AdminEventResponse of(EventResponse event) {
		String type = event.eventType();
		int dot = type.indexOf('.');
		return new AdminEventResponse(event, EventQuery.Level.ofOutcome(event.outcome()).value(),
				dot < 0 ? type : type.substring(0, dot));
	}

}
