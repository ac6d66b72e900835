package dev.konfig.platform.security;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.web.outbound.OutboundClients;

/**
 * Calls made by a service as itself (not on a caller's behalf) carry a client-credentials
 * token from auth-service. Spring Security's client manager fetches it and reuses it until
 * shortly before it expires; the token belongs to the service, never to the user whose request
 * happens to trigger the call, so one token serves every request.
 * <p>
 * The token request goes through the {@code auth-service} outbound client's WebClient
 * (timeouts, pool, request id), without a breaker of its own: a token is only ever fetched
 * inside a call that its own client already protects.
 */
public class ServiceCredentials {

	static final String REGISTRATION_ID = "konfig";

	/** The outbound client whose WebClient fetches tokens: auth-service's. */
	public static final String OUTBOUND_CLIENT = "auth-service";

	private final AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager;

	private final OAuth2AuthorizeRequest authorizeRequest;

	/**
	 * For code outside an application context (tests, tools): the token request uses the
	 * outbound clients' built-in settings. Services get the auto-configured bean instead.
	 */
	public ServiceCredentials(KonfigSecurityProperties.Client client) {
		this(client, OutboundClients.withBuiltInSettings().client(OUTBOUND_CLIENT).web());
	}

	/**
	 * @param client this service's client id, secret and token URI
	 * @param http the WebClient that requests tokens (the token URI is absolute)
	 */
	public ServiceCredentials(KonfigSecurityProperties.Client client, WebClient http) {
		ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientId(client.id())
			.clientSecret(client.secret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope(KonfigClaims.SCOPE_INTERNAL)
			.tokenUri(client.tokenUri())
			.build();
		InMemoryReactiveClientRegistrationRepository registrations = new InMemoryReactiveClientRegistrationRepository(
				registration);
		WebClientReactiveClientCredentialsTokenResponseClient tokens = new WebClientReactiveClientCredentialsTokenResponseClient();
		tokens.setWebClient(http);
		this.manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(registrations,
				new InMemoryReactiveOAuth2AuthorizedClientService(registrations));
		this.manager.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
			.clientCredentials(credentials -> credentials.accessTokenResponseClient(tokens))
			.build());
		this.authorizeRequest = OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION_ID)
			.principal(client.id())
			.build();
	}

	/** The current service token, fetched when missing or about to expire. */
	public Mono<String> token() {
		return this.manager.authorize(this.authorizeRequest)
			.map(authorized -> authorized.getAccessToken().getTokenValue())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("auth-service issued no service token")));
	}

	/** Add to a {@code WebClient.Builder} whose calls must be made as this service. */
	public ExchangeFilterFunction filter() {
		return (request, next) -> token().flatMap(token -> next.exchange(ClientRequest.from(request)
			.headers(headers -> headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.build()));
	}

}
