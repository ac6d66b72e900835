package dev.konfig.auth.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.auth.system.AuthProperties;
import dev.konfig.platform.web.TooManyRequestsException;

/**
 * Failed logins per account and per client address, counted in PostgreSQL so every replica
 * sees the same numbers. Once {@code limit} failures fall in the window, the caller waits
 * until the oldest of those leaves it.
 */
@Component
class LoginThrottle {

	static final String ACCOUNT = "account";

	static final String ADDRESS = "address";

	private final DatabaseClient db;

	private final AuthProperties.Throttle settings;

	private final Clock clock;

	LoginThrottle(DatabaseClient db, AuthProperties properties, Clock clock) {
		this.db = db;
		this.settings = properties.throttle();
		this.clock = clock;
	}

	Mono<Void> check(String email, String address) {
		return retryAfter(ACCOUNT, account(email), this.settings.accountLimit())
			.switchIfEmpty(retryAfter(ADDRESS, address, this.settings.addressLimit()))
			.flatMap(wait -> Mono.<Void>error(
					new TooManyRequestsException("Too many failed logins; try again later", wait)));
	}

	Mono<Void> recordFailure(String email, String address) {
		Instant now = this.clock.instant();
		return this.db
			.sql("insert into login_failures (kind, subject, failed_at) values ('account', :account, :now), "
					+ "('address', :address, :now)")
			.bind("account", account(email))
			.bind("address", address)
			.bind("now", now)
			.then();
	}

	/** A successful login forgets the account's failures (and any that aged out of the window). */
	Mono<Void> clear(String email) {
		return this.db.sql("delete from login_failures where kind = 'account' and subject = :account")
			.bind("account", account(email))
			.then()
			.then(this.db.sql("delete from login_failures where failed_at < :old")
				.bind("old", this.clock.instant().minus(this.settings.window().multipliedBy(2)))
				.then());
	}

	private Mono<Duration> retryAfter(String kind, String subject, int limit) {
		Instant now = this.clock.instant();
		return this.db
			.sql("select failed_at from login_failures where kind = :kind and subject = :subject and failed_at > :since "
					+ "order by failed_at desc limit :limit")
			.bind("kind", kind)
			.bind("subject", subject)
			.bind("since", now.minus(this.settings.window()))
			.bind("limit", limit)
			.map(row -> row.get(0, Instant.class))
			.all()
			.collectList()
			.flatMap(failures -> Mono.justOrEmpty(retryAfter(failures, limit, this.settings.window(), now)));
	}

	/**
	 * How long the caller must wait, given its recent failures newest first: blocked while
	 * {@code limit} of them are in the window, until the {@code limit}-th newest leaves it.
	 */
	static Optional<Duration> retryAfter(List<Instant> newestFirst, int limit, Duration window, Instant now) {
		List<Instant> recent = newestFirst.stream().filter(at -> at.isAfter(now.minus(window))).toList();
		if (limit <= 0 || recent.size() < limit) {
			return Optional.empty();
		}
		Instant leaves = recent.get(limit - 1).plus(window);
		Duration wait = Duration.between(now, leaves);
		return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
	}

	private static String account(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

}
