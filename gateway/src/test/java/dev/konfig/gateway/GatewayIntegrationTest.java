package dev.konfig.gateway;

import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.TestTokens;

/**
 * The one context the gateway's integration tests share: the real gateway on a random port,
 * real RS256 tokens from a real JWKS, and stub upstream services that echo what they
 * receive.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
abstract class GatewayIntegrationTest {

	static final TestTokens tokens = TestTokens.get();

	/** Small, so a test can exceed it without pushing megabytes through the machine. */
	static final int MAX_REQUEST_SIZE = 64 * 1024;

	static final StubUpstream authService = StubUpstream.auth();

	static final StubUpstream tenantService = StubUpstream.tenant();

	static final StubUpstream configService = StubUpstream.config();

	static final StubUpstream auditService = StubUpstream.audit();

	static final StubUpstream fileService = StubUpstream.file();

	static final StubUpstream printService = StubUpstream.print();

	/** The files route's own body limit, above {@link #MAX_REQUEST_SIZE}. */
	static final int MAX_FILE_SIZE = 1024 * 1024;

	@Autowired
	WebTestClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestTokens.register(registry);
		registry.add("KONFIG_AUTH_URL", authService::baseUrl);
		registry.add("KONFIG_TENANT_URL", tenantService::baseUrl);
		registry.add("KONFIG_CONFIG_URL", configService::baseUrl);
		registry.add("KONFIG_AUDIT_URL", auditService::baseUrl);
		registry.add("KONFIG_FILE_URL", fileService::baseUrl);
		registry.add("KONFIG_PRINT_URL", printService::baseUrl);
		registry.add("KONFIG_GATEWAY_MAX_REQUEST_SIZE", () -> MAX_REQUEST_SIZE + "B");
		registry.add("KONFIG_FILE_MAX_SIZE", () -> MAX_FILE_SIZE + "B");
		// Budgets of their own in the machine's Redis, apart from other runs and other suites.
		registry.add("KONFIG_RATE_LIMIT_KEY_PREFIX", () -> "gateway-test-" + UUID.randomUUID());
	}

	static String userToken() {
		return tokens.user(UUID.randomUUID(), UUID.randomUUID(), Role.MEMBER);
	}

	/** A fresh API key that the stub auth-service accepts with these scopes. */
	static String apiKey(String... scopes) {
		String apiKey = "konfig_" + UUID.randomUUID().toString().replace("-", "");
		authService.acceptApiKey(apiKey, tokens.apiKey(UUID.randomUUID(), UUID.randomUUID(), scopes));
		return apiKey;
	}

}
