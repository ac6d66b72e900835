package dev.konfig.gateway.console;

import java.time.Duration;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

import dev.konfig.gateway.console.ConsoleFiles.ConsoleFile;

/**
 * Serves the console after every other handler mapping (the gateway's routes, the controllers)
 * and before the default static resources: an API request is matched by its route first and
 * never reaches this mapping. Hashed files under {@code assets/} are cached for a year; any other
 * existing file is revalidated; every other console path is a client-side route and gets
 * {@code index.html}, never cached without revalidation.
 */
class ConsoleHandlerMapping extends AbstractHandlerMapping {

	static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	static final CacheControl REVALIDATE = CacheControl.noCache();

	private final ConsoleFiles files;

	ConsoleHandlerMapping(ConsoleFiles files) {
		this.files = files;
		setOrder(Ordered.LOWEST_PRECEDENCE - 10);
	}

	@Override
	protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
		if (!ConsolePaths.matches(exchange)) {
			return Mono.empty();
		}
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		String relative = path.substring(1);
		if (relative.startsWith("assets/")) {
			return Mono.justOrEmpty(this.files.file(relative).map(file -> handler(file, IMMUTABLE)));
		}
		String lastSegment = relative.substring(relative.lastIndexOf('/') + 1);
		if (lastSegment.contains(".") && !"index.html".equals(lastSegment)) {
			// A file name (favicon.svg, robots.txt): the file or nothing, never the application.
			return Mono.justOrEmpty(this.files.file(relative).map(file -> handler(file, REVALIDATE)));
		}
		Optional<ConsoleFile> index = this.files.file("index.html");
		return Mono.justOrEmpty(index.map(file -> handler(file, REVALIDATE)));
	}

	private static WebHandler handler(ConsoleFile file, CacheControl cacheControl) {
		return exchange -> {
			ServerHttpResponse response = exchange.getResponse();
			response.getHeaders().setCacheControl(cacheControl);
			response.getHeaders().set("X-Content-Type-Options", "nosniff");
			if (exchange.checkNotModified(file.etag())) {
				return response.setComplete();
			}
			response.getHeaders().setContentType(file.mediaType());
			response.getHeaders().setContentLength(file.bytes().length);
			if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
				return response.setComplete();
			}
			DataBuffer body = response.bufferFactory().wrap(file.bytes());
			return response.writeWith(Mono.just(body));
		};
	}

}
