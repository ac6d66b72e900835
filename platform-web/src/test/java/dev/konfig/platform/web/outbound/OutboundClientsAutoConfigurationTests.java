package dev.konfig.platform.web.outbound;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;

import dev.konfig.platform.web.PlatformWebAutoConfiguration;
import dev.konfig.platform.web.RequestIds;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-configured factory: Boot's builder underneath, settings from the environment. */
class OutboundClientsAutoConfigurationTests {

	private final StubPeer peer = new StubPeer();

	private final ReactiveWebApplicationContextRunner contexts = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebFluxAutoConfiguration.class, WebClientAutoConfiguration.class,
				PlatformWebAutoConfiguration.class, OutboundClientsAutoConfiguration.class));

	@AfterEach
	void stop() {
		this.peer.close();
	}

	@Test
	void clientsPassTheCurrentRequestIdOn() {
		this.contexts.withPropertyValues("konfig.http.clients.peer.base-url=" + this.peer.baseUrl())
			.run(context -> {
				OutboundClient client = context.getBean(OutboundClients.class).client("peer");

				client.protect(client.web().get().uri("/widgets/1").retrieve().bodyToMono(String.class))
					.contextWrite(Context.of(RequestIds.CONTEXT_KEY, "request-42"))
					.block(Duration.ofSeconds(10));

				assertThat(this.peer.requestIds).containsExactly("request-42");
			});
	}

	@Test
	void clientsReadTheirSettingsFromTheEnvironment() {
		this.contexts
			.withPropertyValues("konfig.http.defaults.response-timeout=9s",
					"konfig.http.clients.peer.max-concurrent-calls=200")
			.run(context -> {
				OutboundProperties.Settings settings = context.getBean(OutboundClients.class).settings("peer");

				assertThat(settings.responseTimeout()).isEqualTo(Duration.ofSeconds(9));
				assertThat(settings.maxConcurrentCalls()).isEqualTo(200);
			});
	}

}
