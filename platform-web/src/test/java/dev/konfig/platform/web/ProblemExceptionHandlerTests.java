package dev.konfig.platform.web;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

class ProblemExceptionHandlerTests {

	private final WebTestClient client = WebTestClient.bindToController(new FailingController())
		.controllerAdvice(new ProblemExceptionHandler())
		.webFilter(new RequestIdWebFilter())
		.build();

	@Test
	void domainExceptionBecomesProblemWithItsStatusAndDetail() {
		this.client.get()
			.uri("/missing")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.title")
			.isEqualTo("Not Found")
			.jsonPath("$.detail")
			.isEqualTo("widget '42' was not found")
			.jsonPath("$.instance")
			.isEqualTo("/missing");
	}

	@Test
	void throttlingCarriesRetryAfter() {
		this.client.get()
			.uri("/throttled")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("Retry-After", "90");
	}

	@Test
	void invalidBodyListsEveryBadField() {
		this.client.post()
			.uri("/widgets")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"\", \"email\": \"nope\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(2)
			.jsonPath("$.errors[?(@.field == 'email')].message")
			.exists();
	}

	@Test
	void malformedJsonIsABadRequestWithoutParserDetails() {
		this.client.post()
			.uri("/widgets")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail).doesNotContain("Jackson"));
	}

	@Test
	void unexpectedFailureHidesItsMessage() {
		this.client.get()
			.uri("/boom")
			.exchange()
			.expectStatus()
			.is5xxServerError()
			.expectBody()
			.jsonPath("$.detail")
			.value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
				.doesNotContain("SELECT")
				.contains("request id"));
	}

	@Test
	void keepsASaneRequestIdAndReplacesAnInsaneOne() {
		this.client.get()
			.uri("/missing")
			.header(RequestIds.HEADER, "abc-123")
			.exchange()
			.expectHeader()
			.valueEquals(RequestIds.HEADER, "abc-123");
		this.client.get()
			.uri("/missing")
			.header(RequestIds.HEADER, "bad id\nwith newline")
			.exchange()
			.expectHeader()
			.value(RequestIds.HEADER, id -> org.assertj.core.api.Assertions.assertThat(id).matches("[0-9a-f-]{36}"));
	}

	record Widget(@NotBlank String name, @Email String email) {
	}

	@RestController
	static class FailingController {

		@GetMapping("/missing")
		Mono<String> missing() {
			return Mono.error(new NotFoundException("widget", 42));
		}

		@GetMapping("/throttled")
		Mono<String> throttled() {
			return Mono.error(new TooManyRequestsException("slow down", Duration.ofSeconds(90)));
		}

		@PostMapping("/widgets")
		Mono<Widget> create(@Valid @RequestBody Widget widget) {
			return Mono.just(widget);
		}

		@GetMapping("/boom")
		Mono<String> boom() {
			return Mono.error(new IllegalStateException("SELECT secret FROM somewhere failed"));
		}

	}

}
