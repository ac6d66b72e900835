package dev.konfig.platform.outbox;

import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.security.ServiceCredentials;

/**
 * Every service with this library and a database gets an {@link Outbox} and its
 * {@link OutboxRelay}, unless {@code konfig.outbox.enabled=false}. The request origin events
 * carry comes from platform-web's {@code RequestOrigin}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
		"org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
		"org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
		"org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		"dev.konfig.platform.security.PlatformSecurityAutoConfiguration" })
@EnableConfigurationProperties(OutboxProperties.class)
public class PlatformOutboxAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PlatformOutboxAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "konfig.outbox.enabled", havingValue = "true", matchIfMissing = true)
	@ConditionalOnBean({ DatabaseClient.class, ReactiveTransactionManager.class })
	static class OutboxConfiguration {

		@Bean
		@ConditionalOnMissingBean
		Outbox outbox(DatabaseClient db) {
			return new Outbox(db);
		}

		@Bean
		@ConditionalOnMissingBean
		OutboxRelay outboxRelay(ConnectionFactory connections, DatabaseClient db,
				ReactiveTransactionManager transactions, ObjectProvider<WebClient.Builder> http,
				ObjectProvider<ServiceCredentials> credentials, OutboxProperties properties) {
			ServiceCredentials service = credentials.getIfAvailable();
			if (service == null) {
				log.warn("konfig.security.client.id is not set: audit-service will refuse this service's events, "
						+ "which stay in the outbox until it is");
			}
			return new OutboxRelay(connections, db, TransactionalOperator.create(transactions),
					http.getIfAvailable(WebClient::builder),
					(service != null) ? service::token
							: () -> Mono.error(new IllegalStateException("No service credentials configured")),
					properties);
		}

	}

}
