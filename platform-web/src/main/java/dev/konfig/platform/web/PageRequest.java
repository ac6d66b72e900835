package dev.konfig.platform.web;

import java.util.List;
import java.util.function.Function;

import org.springframework.lang.Nullable;

/**
 * What a client asked of a list: {@code ?limit=&cursor=}. The one rule for {@code limit} of the
 * whole suite lives here, so no list can drift from it: {@value #DEFAULT_LIMIT} items when the
 * client names no limit, at most {@value #MAX_LIMIT}, and anything else (0, 201, {@code abc})
 * answered 400 with {@code errors: [{field: "limit"}]} rather than silently clamped, so a client
 * never mistakes a shorter page for the end of the list.
 *
 * <p>Controllers take it as an argument (resolved from the query by platform-web); services
 * fetch {@link #fetchSize()} rows and let {@link Page} trim them.
 *
 * @param limit how many items the page shows, from 1 to {@value #MAX_LIMIT}
 * @param cursor the {@code next_cursor} of the previous page; {@code null} for the first page
 */
public record PageRequest(int limit, @Nullable String cursor) {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 200;

	public PageRequest {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw invalidLimit();
		}
		cursor = (cursor == null || cursor.isEmpty()) ? null : cursor;
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
		if (limit == null || limit.isEmpty()) {
			return new PageRequest(DEFAULT_LIMIT, cursor);
		}
		try {
			return new PageRequest(Integer.parseInt(limit), cursor);
		}
		catch (NumberFormatException ex) {
			throw invalidLimit();
		}
	}

	/** Rows to fetch: one more than the page shows says whether another page follows. */
	public int fetchSize() {
		return this.limit + 1;
	}

	/**
	 * The position the cursor names, decoded by the list's own keyset decoder (which answers 400
	 * for a cursor it did not issue); {@code null} on the first page.
	 */
	@Nullable
	public <C> C after(Function<String, C> decoder) {
		return (this.cursor == null) ? null : decoder.apply(this.cursor);
	}

	private static BadRequestException invalidLimit() {
		String message = "must be a whole number from 1 to " + MAX_LIMIT;
		return new BadRequestException("The limit parameter " + message,
				List.of(new FieldViolation("limit", message)));
	}

}
