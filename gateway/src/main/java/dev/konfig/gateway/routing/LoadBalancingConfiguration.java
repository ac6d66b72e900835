package dev.konfig.gateway.routing;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;

import dev.konfig.platform.web.outbound.PeerGroup;

/**
 * The routes' {@code lb://<service>} URIs: Spring Cloud LoadBalancer (round robin) over the
 * replicas the service's {@code konfig.http.clients.<service>.base-url} lists (or its DNS name
 * resolves to), the same {@link PeerGroup} the gateway's own outbound clients use, so a replica
 * one of them finds refusing connections or not ready is skipped by both
 * ({@link ServiceInstancesConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = ServiceInstancesConfiguration.class)
class LoadBalancingConfiguration {

}
