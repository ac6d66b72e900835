package dev.konfig.platform.web;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OperationCustomizer;
import org.reactivestreams.Publisher;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * Every service's OpenAPI document names the service, declares both credentials the gateway
 * takes, and uses a relative server URL, so "try it out" on the gateway's documentation page
 * goes through the gateway rather than to the service's private address.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class OpenApiAutoConfiguration {

	private static final String BEARER = "bearer";

	private static final String API_KEY = "api_key";

	@Bean
	@ConditionalOnMissingBean
	OpenAPI konfigOpenApi(@Value("${spring.application.name:konfig}") String service,
			@Value("${konfig.openapi.description:}") String description) {
		return new OpenAPI().info(new Info().title(service).description(description).version("v1"))
			.servers(List.of(new Server().url("/")))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT"))
				.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.HEADER)
					.name("X-API-Key")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY));
	}

	/**
	 * Schemas name properties as the service's JSON does. springdoc describes models with
	 * swagger-core's own Jackson 2 mapper, which knows nothing of the service's
	 * {@code spring.jackson.property-naming-strategy}: without this, a client generated from the
	 * document would send {@code fullName} where the service reads {@code full_name}.
	 */
	@Bean
	@ConditionalOnMissingBean
	io.swagger.v3.core.jackson.ModelResolver konfigModelResolver(
			@Value("${spring.jackson.property-naming-strategy:}") String namingStrategy) {
		com.fasterxml.jackson.databind.ObjectMapper mapper = io.swagger.v3.core.util.Json.mapper().copy();
		if ("SNAKE_CASE".equalsIgnoreCase(namingStrategy)) {
			mapper.setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
		}
		return new io.swagger.v3.core.jackson.ModelResolver(mapper);
	}

	static {
		// A JSON tree (a config value, event data, settings) is any JSON value, not the tree class's
		// getters; a streamed buffer is bytes.
		SpringDocUtils.getConfig()
			.replaceWithSchema(tools.jackson.databind.JsonNode.class,
					new Schema<Object>().description("Any JSON value"))
			.replaceWithSchema(org.springframework.core.io.buffer.DataBuffer.class,
					new StringSchema().format("binary"));
	}

	/**
	 * Public documents show the public API only: service-to-service endpoints
	 * ({@code /internal/**}), the client-credentials token endpoint and the gateway's breaker
	 * fallbacks are not for clients, and listing them only helps an attacker map the inside.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springdoc.core.customizers.GlobalOpenApiCustomizer")
	static class PublicPathsOnly {

		static final List<String> HIDDEN_PREFIXES = List.of("/internal/", "/oauth2/", "/fallback/");

		@Bean
		org.springdoc.core.customizers.GlobalOpenApiCustomizer publicPathsOnly() {
			return openApi -> {
				if (openApi.getPaths() != null) {
					openApi.getPaths().keySet().removeIf(PublicPathsOnly::hidden);
				}
			};
		}

		static boolean hidden(String path) {
			return HIDDEN_PREFIXES.stream()
				.anyMatch(prefix -> path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1)));
		}

	}

	/**
	 * A {@link PageRequest} argument is documented as what clients send: the {@code limit} and
	 * {@code cursor} query parameters, with the suite's one limit rule.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springdoc.core.customizers.OperationCustomizer")
	static class PageParameters {

		static {
			SpringDocUtils.getConfig().addRequestWrapperToIgnore(PageRequest.class);
		}

		@Bean
		OperationCustomizer pageRequestParameters() {
			return (operation, handler) -> {
				for (org.springframework.core.MethodParameter parameter : handler.getMethodParameters()) {
					if (PageRequest.class.equals(parameter.getParameterType())) {
						operation.addParametersItem(new Parameter().in("query")
							.name("limit")
							.description("Items per page, from 1 to " + PageRequest.MAX_LIMIT)
							.schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE)
								.maximum(java.math.BigDecimal.valueOf(PageRequest.MAX_LIMIT))
								._default(PageRequest.DEFAULT_LIMIT)));
						operation.addParametersItem(new Parameter().in("query")
							.name("cursor")
							.description("Where the page starts, as given by the previous page's Link rel=\"next\"; "
									+ "none for the first page")
							.schema(new StringSchema()));
						operation.addParametersItem(new Parameter().in("query")
							.name("skip")
							.description("Items passed over before the page starts, from 0 to " + PageRequest.MAX_SKIP
									+ " (prefer the cursor)")
							.schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO)
								.maximum(java.math.BigDecimal.valueOf(PageRequest.MAX_SKIP))
								._default(0)));
					}
				}
				return operation;
			};
		}

		/**
		 * A {@link Page} answer is documented as it is written: a JSON array of the items and a
		 * {@code Link} header naming the next page.
		 */
		@Bean
		OperationCustomizer pageResponses() {
			return (operation, handler) -> {
				ResolvableType answer = ResolvableType.forMethodReturnType(handler.getMethod());
				while (answer.getGenerics().length == 1 && !Page.class.isAssignableFrom(answer.toClass())
						&& (Publisher.class.isAssignableFrom(answer.toClass())
								|| ResponseEntity.class.isAssignableFrom(answer.toClass()))) {
					answer = answer.getGeneric(0);
				}
				if (!Page.class.isAssignableFrom(answer.toClass()) || operation.getResponses() == null) {
					return operation;
				}
				Class<?> item = answer.getGeneric(0).resolve(Object.class);
				Schema<?> itemSchema = ModelConverters.getInstance()
					.resolveAsResolvedSchema(new AnnotatedType(item).resolveAsRef(true))
					.schema;
				ApiResponse ok = operation.getResponses().get("200");
				if (ok == null) {
					ok = new ApiResponse().description("OK");
					operation.getResponses().addApiResponse("200", ok);
				}
				ok.content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
						new MediaType().schema(new ArraySchema().items(itemSchema))))
					.addHeaderObject(HttpHeaders.LINK, new Header().description(
							"<...?cursor=...>; rel=\"next\" when another page follows (RFC 8288); absent on the last page")
						.schema(new StringSchema()));
				return operation;
			};
		}

	}

}
