package dev.konfig.platform.web;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one page writer, registered the way platform-web registers it, in front of an application
 * whose JSON writer names properties in snake_case like the services do: a page is the array of
 * its items, and the next page is in the {@code Link} header.
 */
class PageHttpMessageWriterTests {

	private final WebTestClient client = WebTestClient.bindToController(new ItemsController())
		.argumentResolvers(resolvers -> resolvers.addCustomResolver(new PageRequestArgumentResolver()))
		.httpMessageCodecs(codecs -> {
			codecs.defaultCodecs()
				.jacksonJsonEncoder(new JacksonJsonEncoder(
						JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)));
			codecs.customCodecs().register(new PageHttpMessageWriter(codecs::getWriters));
		})
		.controllerAdvice(new ProblemExceptionHandler())
		.build();

	@Test
	void writesTheItemsAsAnArrayWithTheApplicationsNaming() {
		this.client.get()
			.uri("/items?limit=2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.json("[{\"item_number\":1,\"display_name\":\"item 1\"},{\"item_number\":2,\"display_name\":\"item 2\"}]",
					org.springframework.test.json.JsonCompareMode.STRICT);
	}

	@Test
	void linksTheNextPageKeepingTheQueryButTheCursorAndSkip() {
		this.client.get()
			.uri("/items?limit=2&type=x&skip=1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.LINK, "</items?limit=2&type=x&cursor=3>; rel=\"next\"")
			.expectBody()
			.jsonPath("$[*].item_number")
			.isEqualTo(List.of(2, 3));
		this.client.get()
			.uri("/items?cursor=3&limit=2&type=x")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.LINK, "</items?limit=2&type=x&cursor=5>; rel=\"next\"")
			.expectBody()
			.jsonPath("$[*].item_number")
			.isEqualTo(List.of(4, 5));
	}

	@Test
	void encodesWhatTheLinkCarries() {
		this.client.get()
			.uri(builder -> builder.path("/items").queryParam("limit", "1").queryParam("q", "{q}").build("a b&c"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.LINK, "</items?limit=1&q=a%20b%26c&cursor=1>; rel=\"next\"");
	}

	@Test
	void hasNoLinkOnTheLastPage() {
		this.client.get()
			.uri("/items?limit=2&cursor=8")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.LINK)
			.expectBody()
			.jsonPath("$[*].item_number")
			.isEqualTo(List.of(9, 10));
	}

	@Test
	void writesAnEmptyPageAsAnEmptyArray() {
		this.client.get()
			.uri("/items?cursor=10")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.LINK)
			.expectBody(String.class)
			.isEqualTo("[]");
		this.client.get()
			.uri("/nothing")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.LINK)
			.expectBody(String.class)
			.isEqualTo("[]");
	}

	@Test
	void leavesEverythingElseToTheApplicationsWriters() {
		this.client.get()
			.uri("/items/1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.LINK)
			.expectBody()
			.json("{\"item_number\":1,\"display_name\":\"item 1\"}", org.springframework.test.json.JsonCompareMode.STRICT);
	}

	@Test
	void refusesAnInvalidSkipNamingIt() {
		for (String skip : List.of("-1", "1001", "abc")) {
			this.client.get()
				.uri("/items?skip=" + skip)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("skip");
		}
	}

	@Test
	void knowsAPageFromAnythingElse() {
		PageHttpMessageWriter writer = new PageHttpMessageWriter(List::of);

		assertThat(writer.canWrite(org.springframework.core.ResolvableType.forClassWithGenerics(Page.class, Item.class),
				MediaType.APPLICATION_JSON)).isTrue();
		assertThat(writer.canWrite(org.springframework.core.ResolvableType.forClass(Page.class), null)).isTrue();
		assertThat(writer.canWrite(org.springframework.core.ResolvableType.forClass(Item.class),
				MediaType.APPLICATION_JSON)).isFalse();
		assertThat(writer.canWrite(org.springframework.core.ResolvableType.forClass(Page.class),
				MediaType.APPLICATION_XML)).isFalse();
	}

	/** A record with camelCase components, as the services' responses are. */
	record Item(int itemNumber, String displayName) {
	}

	@RestController
	static class ItemsController {

		@GetMapping("/items")
		Mono<Page<Item>> items(PageRequest page) {
			int after = (page.cursor() == null) ? 0 : page.<Integer>after(Integer::valueOf);
			Flux<Item> rows = Flux.fromStream(IntStream.rangeClosed(after + 1, 10).boxed())
				.map(n -> new Item(n, "item " + n));
			return Page.from(rows, page, item -> String.valueOf(item.itemNumber()));
		}

		@GetMapping("/items/1")
		Mono<Item> one() {
			return Mono.just(new Item(1, "item 1"));
		}

		@GetMapping("/nothing")
		Mono<Page<Item>> nothing() {
			return Mono.just(Page.empty());
		}

	}

}
