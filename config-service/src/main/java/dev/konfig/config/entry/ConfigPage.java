package dev.konfig.config.entry;

import java.util.List;

/** One page of configs, ordered by key; {@code nextCursor} is null on the last page. */
record ConfigPage(List<ConfigResponse> items, String nextCursor) {
}
