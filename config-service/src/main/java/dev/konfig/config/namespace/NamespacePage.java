package dev.konfig.config.namespace;

import java.util.List;

/** One page of namespaces; {@code nextCursor} is null on the last page. */
record NamespacePage(List<NamespaceResponse> items, String nextCursor) {
}
