package dev.konfig.gateway.ratelimit;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The beans the default {@code RequestRateLimiter} filter names in application.yml
 * ({@code #{@konfigRateLimiter}}, {@code #{@konfigRateLimitKeys}}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

	@Bean
	RateLimitKeys konfigRateLimitKeys(RateLimitProperties properties) {
		return new RateLimitKeys(properties);
	}

	/** Primary: Spring Cloud Gateway also makes its own Redis limiter, which the suite does not use. */
	@Bean
	@Primary
	KonfigRateLimiter konfigRateLimiter(ReactiveStringRedisTemplate redisTemplate, RateLimitProperties properties,
			RateLimitKeys konfigRateLimitKeys) {
		return new KonfigRateLimiter(redisTemplate, properties, konfigRateLimitKeys);
	}

}
