package dev.konfig.platform.web;

import java.time.Duration;

import io.micrometer.context.ContextRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** Wires the shared web pieces into every reactive service that has this library. */
@AutoConfiguration(beforeName = "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration")
public class PlatformWebAutoConfiguration {

	static {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new RequestIdMdcAccessor());
	}

	/**
	 * Spring Security observes every filter of its chain, several observations (and, with
	 * tracing, spans) per request that no one reads: a measurable share of each request's CPU
	 * (docs/benchmarks.md). The request's own server and client observations, which carry the
	 * trace and the metrics, stay.
	 */
	@Bean
	@ConditionalOnClass(name = "io.micrometer.observation.ObservationPredicate")
	io.micrometer.observation.ObservationPredicate konfigNoSecurityFilterObservations() {
		return (name, context) -> !name.startsWith("spring.security.");
	}

	@Bean
	@ConditionalOnMissingBean
	RequestIdWebFilter requestIdWebFilter() {
		return new RequestIdWebFilter();
	}

	/** Every request's origin (client address, user agent, actor) for audit events. */
	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnMissingBean
	RequestOriginWebFilter requestOriginWebFilter(ObjectProvider<ActorResolver> actors) {
		return new RequestOriginWebFilter(actors.getIfAvailable(() -> ActorResolver.NONE));
	}

	/** Path segments and query parameters hold no control characters or lone surrogates. */
	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnMissingBean
	SafeRequestTargetWebFilter safeRequestTargetWebFilter(ProblemResponseWriter problems) {
		return new SafeRequestTargetWebFilter(problems);
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemResponseWriter problemResponseWriter(ServerCodecConfigurer codecs) {
		return new ProblemResponseWriter(codecs);
	}

	/**
	 * Every service reads request bodies by the same strict rules (types, control characters,
	 * surrogates, non-finite numbers), so bad input is a 400 at the first service that sees it.
	 */
	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	StrictJsonRequests strictJsonRequests(ObjectProvider<tools.jackson.databind.json.JsonMapper> mappers) {
		return new StrictJsonRequests(mappers);
	}

	@Bean
	WebClientCustomizer requestIdWebClientCustomizer() {
		return builder -> builder.filter(new RequestIdExchangeFilter());
	}

	/**
	 * Controllers take a {@link PageRequest} argument for every list, read by one resolver, and
	 * answer a {@link Page}, written by one writer (a JSON array and a {@code Link} header).
	 */
	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	WebFluxConfigurer pageRequestArguments() {
		return new WebFluxConfigurer() {

			@Override
			public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
				configurer.addCustomResolver(new PageRequestArgumentResolver());
			}

			@Override
			public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
				configurer.customCodecs().register(new PageHttpMessageWriter(configurer::getWriters));
			}

		};
	}

	/** Controllers' exceptions become problems; the gateway, which has no controllers, opts out. */
	/** A replica about to stop keeps serving, not ready, so its peers stop sending first. */
	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static ShutdownDrain konfigShutdownDrain(Environment environment) {
		return new ShutdownDrain(
				Binder.get(environment).bind("konfig.shutdown.drain-delay", Duration.class).orElse(Duration.ZERO));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "konfig.web.problem-handler", havingValue = "true", matchIfMissing = true)
	static class ProblemHandlers {

		@Bean
		@ConditionalOnMissingBean
		ProblemExceptionHandler problemExceptionHandler() {
			return new ProblemExceptionHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "konfig.web.problem-handler", havingValue = "true", matchIfMissing = true)
	@ConditionalOnClass(name = "org.springframework.dao.DataIntegrityViolationException")
	static class DataAccessProblems {

		@Bean
		DataAccessProblemHandler dataAccessProblemHandler() {
			return new DataAccessProblemHandler();
		}

	}

}
