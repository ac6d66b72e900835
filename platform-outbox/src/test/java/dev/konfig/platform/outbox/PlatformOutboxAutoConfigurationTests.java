package dev.konfig.platform.outbox;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.web.outbound.OutboundClientsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformOutboxAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class,
				R2dbcTransactionManagerAutoConfiguration.class, DataR2dbcAutoConfiguration.class,
				OutboundClientsAutoConfiguration.class, PlatformOutboxAutoConfiguration.class))
		.withPropertyValues("spring.r2dbc.url=" + TestDatabase.get().r2dbcUrl("public"),
				"spring.r2dbc.username=" + TestDatabase.get().user(), "konfig.outbox.audit-url=http://127.0.0.1:9",
				"konfig.outbox.batch-size=25");

	@Test
	void givesAServiceWithADatabaseAnOutboxAndARelay() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(Outbox.class).hasSingleBean(OutboxRelay.class);
			assertThat(context.getBean(OutboxProperties.class).batchSize()).isEqualTo(25);
			assertThat(context.getBean(OutboxRelay.class).isRunning()).isTrue();
		});
	}

	@Test
	void disabledStopsOnlyTheRelaySoCodeThatRecordsEventsStillStarts() {
		this.runner.withPropertyValues("konfig.outbox.enabled=false").run(context -> {
			assertThat(context).hasNotFailed().hasSingleBean(Outbox.class).doesNotHaveBean(OutboxRelay.class);
		});
	}

	@Test
	void auditServiceIsTheDefaultSubscriberOfEveryEventAndOthersAreAdded() {
		this.runner
			.withPropertyValues("konfig.outbox.subscribers.auth.url=http://127.0.0.1:8081",
					"konfig.outbox.subscribers.auth.event-types=organization.*,user.deleted")
			.run(context -> {
				var subscribers = context.getBean(OutboxProperties.class).subscribers();
				assertThat(subscribers).containsOnlyKeys("audit", "auth");
				assertThat(subscribers.get("audit").url()).hasToString("http://127.0.0.1:9");
				assertThat(subscribers.get("audit").wants("config.updated")).isTrue();
				assertThat(subscribers.get("auth").wants("organization.deleted")).isTrue();
				assertThat(subscribers.get("auth").wants("user.deleted")).isTrue();
				assertThat(subscribers.get("auth").wants("user.created")).isFalse();
				assertThat(subscribers.get("auth").wants("organizations.x")).isFalse();
			});
	}

	@Test
	void refusesAPatternThatWouldMatchNothing() {
		this.runner
			.withPropertyValues("konfig.outbox.subscribers.auth.url=http://127.0.0.1:8081",
					"konfig.outbox.subscribers.auth.event-types=organization*")
			.run(context -> assertThat(context).hasFailed());
	}

	@Test
	void refusesASubscriberThatNamesNoEventTypes() {
		// As when an indentation slip gives a subscriber's event-types to the next one.
		this.runner
			.withPropertyValues("konfig.outbox.subscribers.config.url=http://127.0.0.1:8083",
					"konfig.outbox.subscribers.file.url=http://127.0.0.1:8085",
					"konfig.outbox.subscribers.file.event-types=organization.deleted")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("konfig.outbox.subscribers.config.event-types is required"));
	}

	@Test
	void sharesOneNotificationListener() {
		this.runner.run(context -> assertThat(context).hasSingleBean(PostgresNotifications.class));
	}

	@Test
	void receivesEventsOnlyInAServiceThatHandlesSome() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(EventReceiver.class));
		this.runner.withBean(EventHandler.class, () -> new EventHandler() {

			@Override
			public java.util.Set<String> eventTypes() {
				return java.util.Set.of("organization.*");
			}

			@Override
			public reactor.core.publisher.Mono<Void> apply(AuditEvent event) {
				return reactor.core.publisher.Mono.empty();
			}

		}).run(context -> assertThat(context).hasSingleBean(EventReceiver.class).hasSingleBean(ConsumedEvents.class));
	}

}
