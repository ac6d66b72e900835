package dev.konfig.auth.session;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.auth.system.AuthProperties;
import dev.konfig.platform.web.TooManyRequestsException;

/**
 * Failed logins, counted in PostgreSQL so every replica sees the same numbers, throttled as
 * OWASP recommends: a client address, and one account from one address, are refused (429) once
 * {@code limit} failures fall in the window, until the oldest of those leaves it. Failures of an
 * account from all addresses together only slow its logins down (the answer waits, then the
 * password is checked), never refuse them: otherwise anyone could lock a person out by failing
 * from a few addresses of their own.
 */
@Component
public class LoginThrottle {

	static final String ACCOUNT = "account";

	static final String ADDRESS = "address";

	static final String PAIR = "pair";

	private final DatabaseClient db;

	private final AuthProperties.Throttle settings;

	private final Clock clock;

	LoginThrottle(DatabaseClient db, AuthProperties properties, Clock clock) {
		this.db = db;
		this.settings = properties.throttle();
		this.clock = clock;
	}

	/** Refuses a throttled address or (account, address) with 429; slows a targeted account down. */
	Mono<Void> check(String email, String address) {
		return retryAfter(ADDRESS, address, this.settings.addressLimit())
			.switchIfEmpty(retryAfter(PAIR, pair(email, address), this.settings.pairLimit()))
			.flatMap(wait -> Mono.<Void>error(
					new TooManyRequestsException("Too many failed logins; try again later", wait)))
			.then(accountFailures(email))
			.flatMap(failures -> accountDelay(failures, this.settings)
				.map(delay -> Mono.delay(delay).then())
				.orElseGet(Mono::empty));
	}

	/**
	 * Refuses (429) a client address that failed too often, whatever it tried: a wrong password or
	 * a wrong invitation token counts alike, so guessing tokens costs the same budget as guessing
	 * passwords.
	 */
	public Mono<Void> checkAddress(String address) {
		return retryAfter(ADDRESS, address, this.settings.addressLimit())
			.flatMap(wait -> Mono.error(new TooManyRequestsException("Too many failed attempts; try again later", wait)));
	}

	/** Counts a failure of the address alone (an invitation token that names nothing usable). */
	public Mono<Void> recordAddressFailure(String address) {
		return this.db.sql("insert into login_failures (kind, subject, failed_at) values ('address', :address, :now)")
			.bind("address", address)
			.bind("now", this.clock.instant())
			.then();
	}

	/** The gateway strips client-sent X-Forwarded-For and sets its own; its first entry is the client. */
	public static String clientAddress(ServerHttpRequest request) {
		String forwarded = request.getHeaders().getFirst("X-Forwarded-For");
		if (forwarded != null && !forwarded.isBlank()) {
			return forwarded.split(",")[0].trim();
		}
		InetSocketAddress remote = request.getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

	Mono<Void> recordFailure(String email, String address) {
		Instant now = this.clock.instant();
		return this.db
			.sql("insert into login_failures (kind, subject, failed_at) values ('account', :account, :now), "
					+ "('address', :address, :now), ('pair', :pair, :now)")
			.bind("account", account(email))
			.bind("address", address)
			.bind("pair", pair(email, address))
			.bind("now", now)
			.then();
	}

	/**
	 * A successful login forgets the account's failures and those of this address for it (and
	 * any that aged out of the window). Other addresses' failures for the account stay: they are
	 * someone else's guesses.
	 */
	Mono<Void> clear(String email, String address) {
		return this.db
			.sql("delete from login_failures where (kind = 'account' and subject = :account) "
					+ "or (kind = 'pair' and subject = :pair)")
			.bind("account", account(email))
			.bind("pair", pair(email, address))
			.then()
			.then(this.db.sql("delete from login_failures where failed_at < :old")
				.bind("old", this.clock.instant().minus(this.settings.window().multipliedBy(2)))
				.then());
	}

	/**
	 * How long a login of an account with {@code failures} recent failures (from any address)
	 * waits before its password is checked: nothing below the limit, then the first delay,
	 * doubled for every further failure, never more than the maximum.
	 */
	static Optional<Duration> accountDelay(long failures, AuthProperties.Throttle settings) {
		if (settings.accountLimit() <= 0 || failures < settings.accountLimit()) {
			return Optional.empty();
		}
		long doublings = Math.min(failures - settings.accountLimit(), 30);
		Duration delay = settings.accountDelay().multipliedBy(1L << doublings);
		return Optional.of(delay.compareTo(settings.maxAccountDelay()) > 0 ? settings.maxAccountDelay() : delay);
	}

	private Mono<Long> accountFailures(String email) {
		return this.db
			.sql("select count(*) from login_failures where kind = 'account' and subject = :subject "
					+ "and failed_at > :since")
			.bind("subject", account(email))
			.bind("since", this.clock.instant().minus(this.settings.window()))
			.map(row -> row.get(0, Long.class))
			.one();
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

	/** An address never contains '|', so the pair cannot be confused with another. */
	private static String pair(String email, String address) {
		return address + "|" + account(email);
	}

}
