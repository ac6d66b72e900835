package dev.konfig.auth.admin;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.outbox.Outbox;
import reactor.core.publisher.Flux;

/**
 * Applies {@code KONFIG_AUTH_PLATFORM_ADMINS} at start-up to the accounts that already exist
 * (those registered later get the flag at registration or login). Replicas starting together
 * are harmless: only the statement that changes a row writes its event.
 */
@Component
class ConfiguredPlatformAdmins implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(ConfiguredPlatformAdmins.class);

	private final DatabaseClient db;

	private final PlatformAdminProperties properties;

	private final Outbox outbox;

	private final TransactionalOperator tx;

	ConfiguredPlatformAdmins(DatabaseClient db, PlatformAdminProperties properties, Outbox outbox,
			TransactionalOperator tx) {
		this.db = db;
		this.properties = properties;
		this.outbox = outbox;
		this.tx = tx;
	}

	@Override
	public void run(ApplicationArguments args) {
		List<String> emails = List.copyOf(this.properties.emails());
		if (emails.isEmpty()) {
			return;
		}
		Long granted = this.tx.transactional(this.db
			.sql("update users set is_platform_admin = true, updated_at = now() "
					+ "where lower(email) = any(:emails) and not is_platform_admin returning id, email")
			.bind("emails", emails.toArray(String[]::new))
			.map(row -> PlatformAccess.configuredGrant(row.get("id", java.util.UUID.class), row.get("email", String.class)))
			.all()
			.concatMap(event -> this.outbox.append(event).thenReturn(event))
			.count())
			.onErrorResume(ex -> {
				log.error("Could not apply the configured platform administrators", ex);
				return Flux.<Long>empty().next();
			})
			.block(Duration.ofSeconds(30));
		log.info("Configured platform administrators: {} listed, {} newly flagged", emails.size(), granted);
	}

}
