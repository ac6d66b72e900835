package dev.konfig.platform.web;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class PageRequestArgumentResolverTests {

	private final WebTestClient client = WebTestClient.bindToController(new NumbersController())
		.argumentResolvers(resolvers -> resolvers.addCustomResolver(new PageRequestArgumentResolver()))
		.httpMessageCodecs(codecs -> codecs.customCodecs().register(new PageHttpMessageWriter(codecs::getWriters)))
		.controllerAdvice(new ProblemExceptionHandler())
		.build();

	@Test
	void givesTheControllerTheQuerysLimitAndCursor() {
		this.client.get()
			.uri("/numbers?limit=2&cursor=4")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader().valueEquals(HttpHeaders.LINK, "</numbers?limit=2&cursor=6>; rel=\"next\"")
			.expectBody()
			.jsonPath("$").isEqualTo(List.of(5, 6));
	}

	@Test
	void givesTheControllerTheQuerysSkip() {
		this.client.get()
			.uri("/numbers?limit=2&cursor=4&skip=3")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader().valueEquals(HttpHeaders.LINK, "</numbers?limit=2&cursor=9>; rel=\"next\"")
			.expectBody()
			.jsonPath("$").isEqualTo(List.of(8, 9));
	}

	@Test
	void answersAnInvalidSkipWithAProblemNamingIt() {
		this.client.get()
			.uri("/numbers?skip=1001")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("skip");
	}

	@Test
	void answersAnInvalidLimitWithAProblemNamingIt() {
		this.client.get()
			.uri("/numbers?limit=abc")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("limit");
	}

	@RestController
	static class NumbersController {

		@GetMapping("/numbers")
		Mono<Page<Integer>> numbers(PageRequest page) {
			int after = page.<Integer>after(Integer::valueOf) == null ? 0 : page.<Integer>after(Integer::valueOf);
			Flux<Integer> rows = Flux.fromStream(IntStream.rangeClosed(after + 1, 100).boxed())
				.take(page.fetchSize());
			return Page.from(rows, page, String::valueOf);
		}

	}

}
