package dev.konfig.audit.event;

import java.util.List;

/** One page of events, newest first; {@code nextCursor} is null on the last page. */
record EventPage(List<EventResponse> items, String nextCursor) {
}
