package dev.konfig.platform.web;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class PageRequestArgumentResolverTests {

	private final WebTestClient client = WebTestClient.bindToController(new NumbersController())
		.argumentResolvers(resolvers -> resolvers.addCustomResolver(new PageRequestArgumentResolver()))
		.controllerAdvice(new ProblemExceptionHandler())
		.build();

	@Test
	void givesTheControllerTheQuerysLimitAndCursor() {
		this.client.get()
			.uri("/numbers?limit=2&cursor=4")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items").isEqualTo(List.of(5, 6))
			.jsonPath("$.next_cursor").isEqualTo("6");
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
