package dev.konfig.auth.user;

import java.util.List;

/** One page of users; {@code next_cursor} is null on the last page. */
record UserPage(List<UserResponse> items, String nextCursor) {
}
