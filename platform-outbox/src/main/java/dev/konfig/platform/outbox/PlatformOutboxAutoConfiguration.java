package dev.konfig.platform.outbox;

import java.util.List;

import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.security.ServiceCredentials;
import dev.konfig.platform.web.outbound.OutboundClients;

/**
 * Every service with this library and a database gets an {@link Outbox}, the one
 * {@link PostgresNotifications} listener and the {@link OutboxRelay} (unless
 * {@code konfig.outbox.enabled=false}, which stops only the relay); a reactive web service that
 * declares an {@link EventHandler} gets {@code POST /internal/events}. The request origin events
 * carry comes from platform-web's {@code RequestOrigin}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
		"org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
		"org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
		"org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		"dev.konfig.platform.web.outbound.OutboundClientsAutoConfiguration",
		"dev.konfig.platform.security.PlatformSecurityAutoConfiguration" })
@EnableConfigurationProperties(OutboxProperties.class)
public class PlatformOutboxAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PlatformOutboxAutoConfiguration.class);

	/**
	 * The service's one notification listener, for the relay and anything else that LISTENs
	 * (config-service's watches); it connects only once somebody listens.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ConnectionFactory.class)
	@ConditionalOnClass(name = "io.r2dbc.postgresql.api.PostgresqlConnection")
	PostgresNotifications postgresNotifications(ConnectionFactory connections) {
		return new PostgresNotifications(connections);
	}

	/**
	 * The outbox is always there, so code that records events never depends on the switch;
	 * {@code konfig.outbox.enabled=false} stops only the relay (events wait in the table).
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DatabaseClient.class)
	Outbox outbox(DatabaseClient db) {
		return new Outbox(db);
	}

	/** Keyed writes, for services with an {@code idempotency_keys} table. */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DatabaseClient.class)
	IdempotencyKeys platformIdempotencyKeys(DatabaseClient db) {
		return new IdempotencyKeys(db);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "konfig.outbox.enabled", havingValue = "true", matchIfMissing = true)
	@ConditionalOnBean({ DatabaseClient.class, ReactiveTransactionManager.class, ConnectionFactory.class })
	@ConditionalOnClass(name = "io.r2dbc.postgresql.api.PostgresqlConnection")
	static class OutboxRelayConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OutboxRelay outboxRelay(PostgresNotifications notifications, DatabaseClient db,
				ReactiveTransactionManager transactions, OutboundClients outbound,
				ObjectProvider<ServiceCredentials> credentials, OutboxProperties properties) {
			ServiceCredentials service = credentials.getIfAvailable();
			if (service == null) {
				log.warn("konfig.security.client.id is not set: subscribers will refuse this service's events, "
						+ "which stay in the outbox until it is");
			}
			return new OutboxRelay(notifications, db, TransactionalOperator.create(transactions),
					outbound,
					(service != null) ? service::token
							: () -> Mono.error(new IllegalStateException("No service credentials configured")),
					properties);
		}

	}

	/**
	 * The consuming side, in services that declare at least one {@link EventHandler}: their
	 * {@code POST /internal/events}, applying each event once ({@code consumed_events}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnBean({ EventHandler.class, DatabaseClient.class, ReactiveTransactionManager.class })
	static class EventConsumerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConsumedEvents consumedEvents(DatabaseClient db, ReactiveTransactionManager transactions,
				List<EventHandler> handlers) {
			return new ConsumedEvents(db, TransactionalOperator.create(transactions), handlers);
		}

		@Bean
		@ConditionalOnMissingBean
		EventReceiver eventReceiver(ConsumedEvents events) {
			return new EventReceiver(events);
		}

	}

}
