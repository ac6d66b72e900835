package dev.konfig.audit.event;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/** How an export writes rows: one line each, so it streams and can be counted. */
enum ExportFormat {

	CSV(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)) {

		@Override
		String header() {
			return "id,organization_id,sequence,occurred_at,recorded_at,event_type,entity_type,entity_id,actor_id,"
					+ "actor_type,ip_address,user_agent,request_id,outcome,event_data,hash\n";
		}

		@Override
		String line(StoredEvent event, JsonMapper json) {
			return Stream
				.of(event.id(), event.organizationId(), event.sequence(), event.occurredAt(), event.recordedAt(),
						event.eventType(), event.entityType(), event.entityId(), event.actorId(), event.actorType(),
						event.ipAddress(), event.userAgent(), event.requestId(), event.outcome(), event.eventData(),
						event.hash())
				.map(ExportFormat::cell)
				.collect(Collectors.joining(",", "", "\n"));
		}

	},

	NDJSON(MediaType.APPLICATION_NDJSON) {

		@Override
		String header() {
			return "";
		}

		@Override
		String line(StoredEvent event, JsonMapper json) {
			return json.writeValueAsString(EventResponse.of(event, json)) + "\n";
		}

	};

	private final MediaType mediaType;

	ExportFormat(MediaType mediaType) {
		this.mediaType = mediaType;
	}

	MediaType mediaType() {
		return this.mediaType;
	}

	String extension() {
		return name().toLowerCase(Locale.ROOT);
	}

	abstract String header();

	abstract String line(StoredEvent event, JsonMapper json);

	static ExportFormat of(String format) {
		for (ExportFormat candidate : values()) {
			if (candidate.name().equalsIgnoreCase(format)) {
				return candidate;
			}
		}
		throw new InvalidEventQueryException("format", "must be csv or ndjson");
	}

	/**
	 * RFC 4180 quoting; a cell a spreadsheet would run as a formula (a user agent starting
	 * with {@code =}) gets a leading apostrophe, as OWASP advises for CSV exports.
	 */
	static String cell(Object value) {
		if (value == null) {
			return "";
		}
		String text = value.toString();
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
			return "\"" + text.replace("\"", "\"\"") + "\"";
		}
		return text;
	}

}
