package dev.konfig.platform.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;

/**
 * Request bodies are read by {@link StrictJsonInput}'s rules: the service's own mapper (naming,
 * modules, everything Boot configured) with the strict rules added. Only the server side: what
 * a service reads back from its database or from a peer's answer was already checked where it
 * came in, and rows written before these rules must stay readable. Runs after Boot's own Jackson
 * codec customizer, which would otherwise put the lenient decoder back.
 */
final class StrictJsonRequests implements CodecCustomizer, Ordered {

	private final ObjectProvider<JsonMapper> mappers;

	StrictJsonRequests(ObjectProvider<JsonMapper> mappers) {
		this.mappers = mappers;
	}

	@Override
	public void customize(CodecConfigurer configurer) {
		if (!(configurer instanceof ServerCodecConfigurer)) {
			return;
		}
		JsonMapper mapper = this.mappers.getIfAvailable();
		JsonMapper.Builder builder = (mapper != null) ? mapper.rebuild() : JsonMapper.builder();
		StrictJsonInput.apply(builder);
		configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(builder.build()));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
