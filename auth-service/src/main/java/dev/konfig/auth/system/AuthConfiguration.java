package dev.konfig.auth.system;

import java.time.Clock;

import com.nimbusds.jose.jwk.JWK;
import reactor.core.publisher.Flux;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.auth.key.AccessTokens;
import dev.konfig.auth.key.KeyEncryption;
import dev.konfig.auth.key.KeyRotation;
import dev.konfig.auth.key.SigningKeyHealthIndicator;
import dev.konfig.auth.key.SigningKeyStore;
import dev.konfig.platform.security.KonfigJwtValidators;
import dev.konfig.platform.security.KonfigSecurityProperties;

/** Wiring of keys, token verification and password hashing. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	TransactionalOperator transactionalOperator(ReactiveTransactionManager transactions) {
		return TransactionalOperator.create(transactions);
	}

	@Bean
	SigningKeyStore signingKeyStore(DatabaseClient db, TransactionalOperator tx, AuthProperties properties,
			Clock clock) {
		return new SigningKeyStore(db, tx, new KeyEncryption(properties.keyEncryptionKey()),
				properties.keyRotationAge(), clock);
	}

	@Bean
	KeyRotation keyRotation(SigningKeyStore keys, AuthProperties properties) {
		return new KeyRotation(keys, properties.keyReloadInterval());
	}

	@Bean
	SigningKeyHealthIndicator signingKeysHealthIndicator(SigningKeyStore keys) {
		return new SigningKeyHealthIndicator(keys);
	}

	@Bean
	AccessTokens accessTokens(SigningKeyStore keys, KonfigSecurityProperties security, Clock clock) {
		return new AccessTokens(keys, security.issuer(), security.audience(), clock);
	}

	/** auth-service verifies with its own keys instead of fetching its own JWKS over HTTP. */
	@Bean
	ReactiveJwtDecoder konfigJwtDecoder(SigningKeyStore keys, KonfigSecurityProperties security) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withJwkSource(jwt -> keys.verificationKeys(jwt.getHeader().getKeyID())
				.flatMapMany(Flux::fromIterable)
				.map(JWK.class::cast))
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(KonfigJwtValidators.of(security));
		return decoder;
	}

	@Bean
	Argon2PasswordEncoder passwordEncoder(AuthProperties properties) {
		AuthProperties.Argon2 argon2 = properties.argon2();
		return new Argon2PasswordEncoder(16, 32, argon2.parallelism(), argon2.memoryKib(), argon2.iterations());
	}

}
