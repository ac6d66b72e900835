package dev.konfig.platform.outbox;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformOutboxAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class,
				R2dbcTransactionManagerAutoConfiguration.class, DataR2dbcAutoConfiguration.class,
				PlatformOutboxAutoConfiguration.class))
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
	void turnsOffWhenDisabled() {
		this.runner.withPropertyValues("konfig.outbox.enabled=false").run(context -> {
			assertThat(context).doesNotHaveBean(Outbox.class).doesNotHaveBean(OutboxRelay.class);
		});
	}

}
