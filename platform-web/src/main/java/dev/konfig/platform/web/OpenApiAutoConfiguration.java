package dev.konfig.platform.web;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

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

}
