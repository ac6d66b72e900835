package dev.konfig.platform.web.outbound;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/** One {@link OutboundClients} per service, on Boot's customized {@code WebClient.Builder}. */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@EnableConfigurationProperties({ OutboundProperties.class, PeerProbeProperties.class })
public class OutboundClientsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OutboundClients outboundClients(OutboundProperties properties, PeerProbeProperties probes,
			ObjectProvider<WebClient.Builder> builder) {
		return new OutboundClients(properties, builder.getIfAvailable(WebClient::builder), probes);
	}

}
