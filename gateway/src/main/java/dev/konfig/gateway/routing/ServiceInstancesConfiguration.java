package dev.konfig.gateway.routing;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.konfig.platform.web.outbound.OutboundClients;
import dev.konfig.platform.web.outbound.PeerGroup;

/**
 * Created in each service's own load balancer context, never in the application's (so it is
 * neither annotated nor nested in a configuration class): the service's name is in that
 * context's environment.
 */
class ServiceInstancesConfiguration {

	@Bean
	ServiceInstanceListSupplier konfigServiceInstances(Environment environment, OutboundClients outbound) {
		String service = environment.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
		PeerGroup group = outbound.peers().group(service, outbound.settings(service).baseUrl());
		if (group == null) {
			throw new IllegalStateException("lb://" + service + " needs konfig.http.clients." + service
					+ ".base-url: one URL, a comma-separated list, or a DNS name");
		}
		return group;
	}

}
