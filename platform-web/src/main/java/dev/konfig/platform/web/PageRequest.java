package dev.konfig.platform.web;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.lang.Nullable;

/**
 * What a client asked of a list: {@code ?limit=&cursor=}. The one rule for {@code limit} of the
 * whole suite lives here, so no list can drift from it: {@value #DEFAULT_LIMIT} items when the
 * client names no limit, at most {@value #MAX_LIMIT}, and anything else (0, 201, {@code abc})
 * answered 400 with {@code errors: [{field: "limit"}]} rather than silently clamped, so a client
 * never mistakes a shorter page for the end of the list.
 *
 * <p>{@code skip} (0 to {@value #MAX_SKIP}) passes over that many items after the cursor, for
 * clients written in the {@code ?skip=&limit=} idiom; the cursor in the next-page link is the
 * cheaper way and never skips. It costs reading the skipped rows, hence the small bound.
 *
 * <p>Controllers take it as an argument (resolved from the query by platform-web); services
 * fetch {@link #fetchSize()} rows and let {@link Page} trim them.
 *
 * @param limit how many items the page shows, from 1 to {@value #MAX_LIMIT}
 * @param cursor the cursor of the previous page's next link; {@code null} for the first page
 * @param skip items passed over before the page starts, from 0 to {@value #MAX_SKIP}
 */
public record PageRequest(int limit, @Nullable String cursor, int skip) {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 200;

	public static final int MAX_SKIP = 1000;

	public PageRequest {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw invalidLimit();
		}
		if (skip < 0 || skip > MAX_SKIP) {
			throw invalidSkip();
		}
		cursor = (cursor == null || cursor.isEmpty()) ? null : cursor;
	}

	public PageRequest(int limit, @Nullable String cursor) {
		this(limit, cursor, 0);
	}

	/** The first page of the default size. */
	public static PageRequest first() {
		return new PageRequest(DEFAULT_LIMIT, null);
	}

	/**
	 * Reads the query parameters as sent: a missing or empty {@code limit} is the default; one
	 * that is not a whole number is refused like one out of range.
	 */
	public static PageRequest of(@Nullable String limit, @Nullable String cursor) {
		return of(limit, cursor, null);
	}

	/** {@link #of(String, String)} with {@code skip}, read the same way (missing or empty is 0). */
	public static PageRequest of(@Nullable String limit, @Nullable String cursor, @Nullable String skip) {
		int size = wholeNumber(limit, DEFAULT_LIMIT, PageRequest::invalidLimit);
		int skipped = wholeNumber(skip, 0, PageRequest::invalidSkip);
		return new PageRequest(size, cursor, skipped);
	}

	/**
	 * Rows to fetch: the skipped ones, the page, and one more, which says whether another page
	 * follows.
	 */
	public int fetchSize() {
		return this.skip + this.limit + 1;
	}

	/**
	 * The position the cursor names, decoded by the list's own keyset decoder (which answers 400
	 * for a cursor it did not issue); {@code null} on the first page.
	 */
	@Nullable
	public <C> C after(Function<String, C> decoder) {
		return (this.cursor == null) ? null : decoder.apply(this.cursor);
	}

	private static int wholeNumber(@Nullable String value, int absent, Supplier<BadRequestException> invalid) {
		if (value == null || value.isEmpty()) {
			return absent;
		}
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw invalid.get();
		}
	}

	private static BadRequestException invalidSkip() {
		String message = "must be a whole number from 0 to " + MAX_SKIP;
		return new BadRequestException("The skip parameter " + message, List.of(new FieldViolation("skip", message)));
	}

	private static BadRequestException invalidLimit() {
		String message = "must be a whole number from 1 to " + MAX_LIMIT;
		return new BadRequestException("The limit parameter " + message,
				List.of(new FieldViolation("limit", message)));
	}

}
