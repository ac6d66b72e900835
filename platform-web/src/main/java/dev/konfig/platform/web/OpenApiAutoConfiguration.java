package dev.konfig.platform.web;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
							.description("The next_cursor of the previous page; none for the first page")
							.schema(new StringSchema()));
					}
				}
				return operation;
			};
		}

	}

}
