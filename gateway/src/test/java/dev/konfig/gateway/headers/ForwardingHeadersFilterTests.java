package dev.konfig.gateway.headers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardingHeadersFilterTests {

	@ParameterizedTest
	@ValueSource(strings = { "X-User-Id", "x-organization-id", "X-ORG-ID", "X-Role", "X-Scopes", "X-Konfig-Anything",
			"X-Forwarded-For", "X-Forwarded-Port", "Forwarded", "X-Real-IP" })
	void treatsIdentityAndForwardingHeadersAsClientClaims(String name) {
		assertThat(ForwardingHeadersFilter.isClientClaim(name)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Authorization", "X-Request-Id", "traceparent", "Content-Type", "X-Userid-Hint",
			"If-Match" })
	void keepsOtherHeaders(String name) {
		assertThat(ForwardingHeadersFilter.isClientClaim(name)).isFalse();
	}

}
