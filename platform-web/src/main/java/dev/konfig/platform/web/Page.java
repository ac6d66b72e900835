package dev.konfig.platform.web;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.lang.Nullable;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One page of a keyset-paged list, and the one place that decides how a page looks on the wire:
 * {@code {"items": [...], "next_cursor": "..."}}, with {@code next_cursor} null on the last
 * page. The field names are pinned here rather than left to each service's naming strategy, so
 * a change of representation (for example an array body with a {@code Link: rel="next"}
 * header) is a change of this type alone, not of every controller.
 *
 * <p>The "fetch one more row than asked, trim it, take the cursor from the last row shown" rule
 * is written here once: {@link #of} for rows already in a list, {@link #from} for a query's
 * {@link Flux}.
 *
 * @param items the page's items, at most the request's limit
 * @param nextCursor where the next page starts; {@code null} when this is the last page
 */
public record Page<T>(@JsonProperty("items") List<T> items,
		@JsonProperty("next_cursor") @Nullable String nextCursor) {

	public Page {
		items = List.copyOf(items);
	}

	/** A page with nothing in it, and nothing after it. */
	public static <T> Page<T> empty() {
		return new Page<>(List.of(), null);
	}

	/**
	 * The page of rows fetched with {@link PageRequest#fetchSize()}: the rows beyond the limit
	 * only say that another page follows, and the last row shown gives its cursor.
	 */
	public static <T> Page<T> of(List<T> rows, PageRequest request, Function<? super T, String> cursorOf) {
		if (rows.size() <= request.limit()) {
			return new Page<>(rows, null);
		}
		List<T> shown = rows.subList(0, request.limit());
		return new Page<>(shown, cursorOf.apply(shown.get(shown.size() - 1)));
	}

	/** {@link #of} for a query that streams its rows; reads no more than the page needs. */
	public static <T> Mono<Page<T>> from(Flux<T> rows, PageRequest request, Function<? super T, String> cursorOf) {
		return rows.take(request.fetchSize(), true).collectList().map(list -> of(list, request, cursorOf));
	}

	/** The same page with its items turned into what clients see (the cursor stays). */
	public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
		return new Page<>(this.items.stream().<R>map(mapper).toList(), this.nextCursor);
	}

}
