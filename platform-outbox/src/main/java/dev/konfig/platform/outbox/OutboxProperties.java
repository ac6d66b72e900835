package dev.konfig.platform.outbox;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay's settings ({@code konfig.outbox.*}).
 *
 * @param enabled {@code false} stops this replica's relay only: events are still written to the
 * outbox in the change's transaction and wait there until a relay runs again
 * @param auditUrl base URL of audit-service, the implicit subscriber {@code audit} to every event
 * @param subscribers further subscribers by name ({@code konfig.outbox.subscribers.<name>.url}
 * and {@code .event-types}); an entry named {@code audit} replaces the implicit one
 * @param batchSize events claimed and sent per request
 * @param initialBackoff delay before the first retry of a failed delivery; doubled per attempt
 * @param maxBackoff the longest delay between retries
 * @param pollInterval the safety-net timer; NOTIFY normally wakes the relay right after commit
 * @param timeout connect plus response time allowed for one delivery
 * @param retention how long delivered rows stay before the relay deletes them
 */
@ConfigurationProperties("konfig.outbox")
public record OutboxProperties(boolean enabled, URI auditUrl, Map<String, Subscriber> subscribers, int batchSize,
		Duration initialBackoff, Duration maxBackoff, Duration pollInterval, Duration timeout, Duration retention) {

	/** The subscriber every service delivers to unless configured otherwise. */
	public static final String AUDIT = "audit";

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	@ConstructorBinding
	public OutboxProperties(@DefaultValue("true") boolean enabled,
			@DefaultValue("http://localhost:8086") URI auditUrl, Map<String, Subscriber> subscribers,
			@DefaultValue("100") int batchSize, @DefaultValue("1s") Duration initialBackoff,
			@DefaultValue("5m") Duration maxBackoff, @DefaultValue("10s") Duration pollInterval,
			@DefaultValue("10s") Duration timeout, @DefaultValue("1h") Duration retention) {
		if (batchSize < 1 || batchSize > 1000) {
			throw new IllegalArgumentException("konfig.outbox.batch-size must be between 1 and 1000");
		}
		Map<String, Subscriber> all = new LinkedHashMap<>();
		all.put(AUDIT, new Subscriber(auditUrl, List.of(EventTypes.ALL)));
		if (subscribers != null) {
			subscribers.forEach((name, subscriber) -> {
				if (!NAME.matcher(name).matches()) {
					throw new IllegalArgumentException("konfig.outbox.subscribers: '" + name
							+ "' is not a subscriber name (lower-case letters, digits and dashes)");
				}
				if (subscriber == null || subscriber.url() == null) {
					throw new IllegalArgumentException("konfig.outbox.subscribers." + name + ".url is required");
				}
				if (subscriber.eventTypes().isEmpty()) {
					// Most likely a misplaced line of configuration: a subscriber wanting nothing
					// would silently never hear of anything.
					throw new IllegalArgumentException("konfig.outbox.subscribers." + name
							+ ".event-types is required (\"*\" for every event)");
				}
				all.put(name, subscriber);
			});
		}
		this.enabled = enabled;
		this.auditUrl = auditUrl;
		this.subscribers = Map.copyOf(all);
		this.batchSize = batchSize;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
		this.pollInterval = pollInterval;
		this.timeout = timeout;
		this.retention = retention;
	}

	/** Today's settings with audit-service as the only subscriber. */
	public OutboxProperties(boolean enabled, URI auditUrl, int batchSize, Duration initialBackoff,
			Duration maxBackoff, Duration pollInterval, Duration timeout, Duration retention) {
		this(enabled, auditUrl, Map.of(), batchSize, initialBackoff, maxBackoff, pollInterval, timeout, retention);
	}

	/**
	 * One service that receives this service's events.
	 *
	 * @param url its base URL; events go to {@code POST {url}/internal/events}
	 * @param eventTypes the types it wants: exact ({@code organization.deleted}), a prefix ending
	 * in {@code .*} ({@code organization.*}), or {@code *} for all; at least one
	 */
	public record Subscriber(URI url, List<String> eventTypes) {

		public Subscriber {
			eventTypes = (eventTypes == null) ? List.of() : List.copyOf(eventTypes);
			EventTypes.validate(eventTypes);
		}

		/** Whether this subscriber declared interest in events of this type. */
		public boolean wants(String eventType) {
			return EventTypes.matches(this.eventTypes, eventType);
		}

	}

}
