package dev.konfig.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Fixtures: organizations registered through the gateway, as a client would. */
final class Accounts {

	static final String PASSWORD = "correct horse battery staple";

	private Accounts() {
	}

	static WebTestClient gateway() {
		return WebTestClient.bindToServer()
			.baseUrl(Suite.get().gatewayUrl())
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	static WebTestClient direct(String service) {
		return WebTestClient.bindToServer()
			.baseUrl(Suite.get().service(service).url())
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	/** A request through the gateway with a bearer token, and a JSON body when one is given. */
	static WebTestClient.ResponseSpec call(String token, HttpMethod method, String path, Object body) {
		WebTestClient.RequestBodySpec request = gateway().method(method)
			.uri(path)
			.headers(headers -> headers.setBearerAuth(token));
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
				: request.exchange();
	}

	/** Registers a new organization with its owner and returns the owner's session. */
	static Session registerOrganization() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String email = "owner-" + suffix + "@example.com";
		String organization = "Org " + suffix;
		Tokens tokens = gateway().post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("tenant_name", organization, "email", email, "password", PASSWORD, "full_name",
					"Owner " + suffix))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Tokens.class)
			.returnResult()
			.getResponseBody();
		assertThat(tokens).isNotNull();
		assertThat(tokens.tenantName()).isEqualTo(organization);
		return new Session(email, tokens);
	}

	static Tokens login(String email, String password) {
		return gateway().post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", password))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Tokens.class)
			.returnResult()
			.getResponseBody();
	}

	/** Creates an API key in the session's organization; the answer holds the secret once. */
	static ApiKey createApiKey(Session owner, String scopes) {
		ApiKey key = gateway().post()
			.uri("/api/v1/api-keys")
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "e2e " + scopes, "scopes", scopes))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CREATED)
			.expectBody(ApiKey.class)
			.returnResult()
			.getResponseBody();
		assertThat(key).isNotNull();
		assertThat(key.key()).startsWith("konfig_");
		return key;
	}

	/**
	 * The access token of the platform administrator named in {@code KONFIG_AUTH_PLATFORM_ADMINS},
	 * registering the account on first use; it carries the scope {@code platform:admin}.
	 */
	static synchronized String platformAdminToken() {
		HttpStatusCode registered = gateway().post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("tenant_name", "Platform " + UUID.randomUUID().toString().substring(0, 8), "email",
					Suite.PLATFORM_ADMIN_EMAIL, "password", PASSWORD, "full_name", "Platform Admin"))
			.exchange()
			.returnResult(String.class)
			.getStatus();
		assertThat(registered.value()).isIn(201, 409);
		Tokens tokens = login(Suite.PLATFORM_ADMIN_EMAIL, PASSWORD);
		assertThat(List.of(((String) claims(tokens.accessToken()).get("scope")).split(" "))).contains("platform:admin");
		return tokens.accessToken();
	}

	/** The claims of an access token (read, not verified). */
	@SuppressWarnings("unchecked")
	static Map<String, Object> claims(String accessToken) {
		String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
		return JsonMapper.builder().build().readValue(payload, Map.class);
	}

	/** Invites the email with the role through {@code path}; answers the invitation's token. */
	static String invite(String accessToken, String path, String email, String role) {
		return String.valueOf(call(accessToken, HttpMethod.POST, path, Map.of("email", email, "role", role))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("token"));
	}

	/** The status a login with the fixtures' password answers, whatever it is. */
	static HttpStatusCode loginStatus(String email) {
		return gateway().post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", PASSWORD))
			.exchange()
			.returnResult(String.class)
			.getStatus();
	}

	/** The status of listing namespaces with the API key: 200 while the key works. */
	static HttpStatusCode namespacesStatus(ApiKey key) {
		return gateway().get()
			.uri("/api/v1/namespaces")
			.header("X-API-Key", key.key())
			.exchange()
			.returnResult(String.class)
			.getStatus();
	}

	/** Asks again every 200 ms until the call answers {@code expected} or the bound is over; the last answer. */
	static HttpStatusCode eventually(Supplier<HttpStatusCode> call, HttpStatus expected, Duration bound)
			throws InterruptedException {
		Instant deadline = Instant.now().plus(bound);
		HttpStatusCode status = call.get();
		while (!status.equals(expected) && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
			status = call.get();
		}
		return status;
	}

	record Tokens(@JsonProperty("access_token") String accessToken, @JsonProperty("refresh_token") String refreshToken,
			@JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn,
			@JsonProperty("tenant_id") UUID tenantId, @JsonProperty("tenant_name") String tenantName,
			Map<String, Object> user) {
	}

	record ApiKey(UUID id, String key, String scopes) {
	}

	record Session(String email, Tokens tokens) {

		String accessToken() {
			return this.tokens.accessToken();
		}

		UUID organizationId() {
			return this.tokens.tenantId();
		}

		String userId() {
			return String.valueOf(this.tokens.user().get("id"));
		}

	}

}
