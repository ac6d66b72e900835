package dev.konfig.file.archfixture;

import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.r2dbc.postgresql.api.PostgresqlConnection;

import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.print.archfixture.PrintJob;

/** One violation of each architecture rule, as a service might commit it. */
public final class Violations {

	private Violations() {
	}

	/** Imports another service's code. */
	public static final class ImportsAnotherService {

		public PrintJob job() {
			return new PrintJob("1");
		}

	}

	/** Its own page type, by name. */
	public record FilePage(List<String> files, String cursor) {
	}

	/** Its own page type, by shape. */
	public record FileListing(List<String> items, String nextCursor) {
	}

	/** Its own outbound client. */
	public static final class OwnWebClient {

		public WebClient client() {
			return WebClient.builder().baseUrl("http://localhost").build();
		}

	}

	/** Its own circuit breaker settings. */
	public static final class OwnCircuitBreaker {

		public CircuitBreakerConfig breaker() {
			return CircuitBreakerConfig.custom().build();
		}

	}

	/** Its own LISTEN loop. */
	public static final class OwnListener {

		public Object listen(PostgresqlConnection connection) {
			return connection.getNotifications();
		}

	}

	/** Its own ETag parsing. */
	public static final class FileEntityTags {

		public boolean matches(String header, String tag) {
			return header.contains(tag);
		}

	}

}
