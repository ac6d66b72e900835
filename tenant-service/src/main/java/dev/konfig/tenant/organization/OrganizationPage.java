package dev.konfig.tenant.organization;

import java.util.List;

/** One page of a keyset-paged list; {@code nextCursor} is null on the last page. */
record OrganizationPage(List<OrganizationResponse> items, String nextCursor) {
}
