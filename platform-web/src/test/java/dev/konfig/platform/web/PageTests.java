package dev.konfig.platform.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.json.JsonMapper;

import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTests {

	@Test
	void defaultsToFiftyItemsFromTheStart() {
		PageRequest request = PageRequest.of(null, null);

		assertThat(request.limit()).isEqualTo(PageRequest.DEFAULT_LIMIT).isEqualTo(50);
		assertThat(request.cursor()).isNull();
		assertThat(request.fetchSize()).isEqualTo(51);
		assertThat(PageRequest.of("", "")).isEqualTo(PageRequest.first());
	}

	@Test
	void acceptsLimitsFromOneToTheMaximum() {
		assertThat(PageRequest.of("1", null).limit()).isEqualTo(1);
		assertThat(PageRequest.of("200", "abc").limit()).isEqualTo(PageRequest.MAX_LIMIT);
		assertThat(PageRequest.of("200", "abc").cursor()).isEqualTo("abc");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "201", "abc", "1.5", "99999999999", " 5" })
	void refusesAnyOtherLimitNamingTheField(String limit) {
		assertThatThrownBy(() -> PageRequest.of(limit, null)).isInstanceOfSatisfying(BadRequestException.class,
				ex -> assertThat(ex.errors()).extracting(FieldViolation::field).containsExactly("limit"));
	}

	@Test
	void trimsTheExtraRowAndTakesTheCursorFromTheLastRowShown() {
		PageRequest request = PageRequest.of("2", null);

		Page<String> page = Page.of(List.of("a", "b", "c"), request, row -> "after-" + row);

		assertThat(page.items()).containsExactly("a", "b");
		assertThat(page.nextCursor()).isEqualTo("after-b");
	}

	@Test
	void hasNoCursorOnTheLastPage() {
		PageRequest request = PageRequest.of("2", null);

		assertThat(Page.of(List.of("a", "b"), request, row -> "after-" + row).nextCursor()).isNull();
		assertThat(Page.of(List.<String>of(), request, row -> "after-" + row)).isEqualTo(Page.empty());
	}

	@Test
	void collectsAQueryReadingNoMoreThanItNeeds() {
		PageRequest request = PageRequest.of("3", null);
		Flux<Integer> rows = Flux.range(1, 1000);

		StepVerifier.create(Page.from(rows, request, String::valueOf).map(page -> page.map(n -> "#" + n)))
			.assertNext(page -> {
				assertThat(page.items()).containsExactly("#1", "#2", "#3");
				assertThat(page.nextCursor()).isEqualTo("3");
			})
			.verifyComplete();
	}

	@Test
	void decodesTheCursorOnlyWhenThereIsOne() {
		assertThat(PageRequest.first().<Integer>after(Integer::valueOf)).isNull();
		assertThat(PageRequest.of(null, "7").<Integer>after(Integer::valueOf)).isEqualTo(7);
	}

	@Test
	void keepsItsWireShapeWhateverTheServicesNamingStrategy() {
		String json = JsonMapper.builder().build().writeValueAsString(new Page<>(List.of(1), "n"));

		assertThat(json).isEqualTo("{\"items\":[1],\"next_cursor\":\"n\"}");
		assertThat(JsonMapper.builder().build().writeValueAsString(Page.empty()))
			.isEqualTo("{\"items\":[],\"next_cursor\":null}");
	}

}
