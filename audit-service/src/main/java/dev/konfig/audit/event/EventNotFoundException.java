package dev.konfig.audit.event;

import java.util.UUID;

import dev.konfig.platform.web.NotFoundException;

/** No such event in the caller's organization (other organizations' events included). */
class EventNotFoundException extends NotFoundException {

	EventNotFoundException(UUID id) {
		super("Event", id);
	}

}
