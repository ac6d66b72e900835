package dev.konfig.platform.web;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.lang.Nullable;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One page of a keyset-paged list. On the wire (written by platform-web's one page writer,
 * whatever the controller) it is a JSON array of the items, with the next page in a
 * {@code Link: <...?cursor=...>; rel="next"} header when there is one (RFC 8288): what konfig's
 * clients read, and how GitHub and GitLab page. Changing that representation is a change of the
 * writer alone, not of any controller.
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
		List<T> unskipped = rows.subList(Math.min(request.skip(), rows.size()), rows.size());
		if (unskipped.size() <= request.limit()) {
			return new Page<>(unskipped, null);
		}
		List<T> shown = unskipped.subList(0, request.limit());
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
