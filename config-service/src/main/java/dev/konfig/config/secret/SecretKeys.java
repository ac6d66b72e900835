package dev.konfig.config.secret;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.konfig.config.system.ConfigProperties;
import dev.konfig.platform.security.SecretCipher;

/** The cipher of secret values, under config-service's own keys. */
@Configuration(proxyBeanMethods = false)
class SecretKeys {

	@Bean
	SecretCipher secretCipher(ConfigProperties properties) {
		return new SecretCipher(properties.secretKeys(), properties.activeSecretKey());
	}

}
