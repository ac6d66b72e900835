package dev.konfig.platform.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
	void acceptsASkipFromZeroToTheMaximumAfterTheCursor() {
		assertThat(PageRequest.of(null, null).skip()).isZero();
		assertThat(PageRequest.of("10", null, "").skip()).isZero();
		assertThat(PageRequest.of("10", "abc", "1000")).isEqualTo(new PageRequest(10, "abc", PageRequest.MAX_SKIP));
		assertThat(PageRequest.of("10", null, "7").fetchSize()).as("the skipped rows, the page and one more")
			.isEqualTo(18);
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "1001", "abc", "1.5", "99999999999", " 1" })
	void refusesAnyOtherSkipNamingTheField(String skip) {
		assertThatThrownBy(() -> PageRequest.of("10", null, skip)).isInstanceOfSatisfying(BadRequestException.class,
				ex -> assertThat(ex.errors()).extracting(FieldViolation::field).containsExactly("skip"));
	}

	@Test
	void skipsRowsBeforeThePageAndTakesTheCursorFromTheLastRowShown() {
		PageRequest request = PageRequest.of("2", null, "1");

		Page<String> page = Page.of(List.of("a", "b", "c", "d"), request, row -> "after-" + row);
		assertThat(page.items()).containsExactly("b", "c");
		assertThat(page.nextCursor()).isEqualTo("after-c");

		assertThat(Page.of(List.of("a", "b", "c"), request, row -> "after-" + row).nextCursor()).isNull();
		assertThat(Page.of(List.of("a"), request, row -> "after-" + row)).isEqualTo(Page.empty());
	}

	@Test
	void readsTheSkippedRowsToo() {
		PageRequest request = PageRequest.of("2", null, "3");

		StepVerifier.create(Page.from(Flux.range(1, 1000), request, String::valueOf))
			.assertNext(page -> {
				assertThat(page.items()).containsExactly(4, 5);
				assertThat(page.nextCursor()).isEqualTo("5");
			})
			.verifyComplete();
	}

}
