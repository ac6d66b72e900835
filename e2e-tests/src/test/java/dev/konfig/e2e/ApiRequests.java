package dev.konfig.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.konfig.e2e.Accounts.ApiKey;
import dev.konfig.e2e.Accounts.Session;
import dev.konfig.e2e.Http.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For every documented operation: who may call it, and a request that works for whoever may
 * (the authorization matrix holds the suite to the first, the bad-input corpus starts from the
 * second). Fixtures are one organization with a person of every role, two keys, callers whose
 * access changed after they signed in, and another organization's owner.
 */
final class ApiRequests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The gateway's membership cache bound (5 s) plus a loaded machine's latency. */
	private static final Duration MEMBERSHIP_BOUND = Duration.ofSeconds(8);

	private static final Duration EVENT_BOUND = Duration.ofSeconds(30);

	private ApiRequests() {
	}

	/** The callers, in the order each operation is tried. */
	enum Caller {

		NOBODY, OTHER_OWNER, REMOVED_ADMIN, DELETED_USER, DEMOTED_ADMIN, READ_KEY, READ_WRITE_KEY, MEMBER, ADMIN,
		OWNER;

		boolean stale() {
			return this == REMOVED_ADMIN || this == DELETED_USER || this == DEMOTED_ADMIN;
		}

		boolean key() {
			return this == READ_KEY || this == READ_WRITE_KEY;
		}

	}

	/** The least organization role of a person allowed, if any. */
	enum Least {

		MEMBER, ADMIN, OWNER, NONE,

		/** A platform administrator (none of the callers is one: the admin area is not a tenant's). */
		PLATFORM_ADMIN

	}

	/**
	 * What an operation allows.
	 * @param users the least role of a user in the organization, NONE if users may not
	 * @param keyScope the scope an API key needs, null if keys may not
	 * @param scoped whether the path names one of the organization's resources (another
	 * organization's caller then gets 404); otherwise the call acts on the caller's own
	 * organization and must show nothing of another
	 * @param auditsRefusals whether a refusal is recorded as an audit event (a failed sign-in)
	 * @param request builds the request for one caller
	 */
	record Rule(boolean isPublic, Least users, String keyScope, boolean scoped, boolean auditsRefusals,
			Function<Call, Request> request) {

		static Rule open(Function<Call, Request> request) {
			return new Rule(true, Least.NONE, null, false, false, request);
		}

		/** Needs no credential, but checks one that is presented (not one of the gateway's public paths). */
		static Rule openChecking(Function<Call, Request> request) {
			return new Rule(true, Least.MEMBER, null, false, false, request);
		}

		static Rule scoped(Least users, String keyScope, Function<Call, Request> request) {
			return new Rule(false, users, keyScope, true, false, request);
		}

		static Rule own(Least users, String keyScope, Function<Call, Request> request) {
			return new Rule(false, users, keyScope, false, false, request);
		}

		/** A refusal that is itself recorded: an audit event, and nothing else, may follow it. */
		Rule auditingRefusals() {
			return new Rule(this.isPublic, this.users, this.keyScope, this.scoped, true, this.request);
		}

		/** The answer this caller must get: 0 means success (2xx). */
		int expected(Caller caller) {
			if (this.isPublic) {
				// Outside the gateway's public paths a credential that is presented is checked, even
				// where none is needed: a stale one is refused.
				return (caller.stale() && this.users == Least.MEMBER) ? 401 : 0;
			}
			if (caller == Caller.NOBODY || caller.stale()) {
				return 401;
			}
			if (caller.key()) {
				boolean allowed = this.keyScope != null
						&& (caller == Caller.READ_WRITE_KEY ? Set.of("read", "write") : Set.of("read"))
							.contains(this.keyScope);
				return allowed ? 0 : 403;
			}
			Least role = switch (caller) {
				case OWNER, OTHER_OWNER -> Least.OWNER;
				case ADMIN -> Least.ADMIN;
				default -> Least.MEMBER;
			};
			if (this.users == Least.NONE || this.users == Least.PLATFORM_ADMIN || role.ordinal() < this.users.ordinal()) {
				return 403;
			}
			return (caller == Caller.OTHER_OWNER && this.scoped) ? 404 : 0;
		}

	}

	/** One request: its path and query (encoded), and a JSON body or null. */
	record Request(String path, String body, Map<String, String> headers) {

		Request(String path, String body) {
			this(path, body, Map.of());
		}

		/** Whether the body is JSON (not a file's bytes). */
		boolean json() {
			return this.headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase);
		}

	}

	/** The caller and the organization a request is built for. */
	record Call(Caller caller, Fixtures fixtures) {

		/** The organization the caller acts in: the other owner's own, everyone else's the target. */
		UUID organization() {
			return (this.caller == Caller.OTHER_OWNER) ? this.fixtures.other.organizationId()
					: this.fixtures.owner.organizationId();
		}

	}

	/**
	 * The rule of every documented operation. A new endpoint gets its line here, with the
	 * request that shows it working for whoever may call it.
	 */
	static Map<String, Rule> rules() {
		Map<String, Rule> rules = new LinkedHashMap<>();
		// auth-service: sessions
		rules.put("POST /api/v1/auth/register", Rule.open(call -> new Request("/api/v1/auth/register",
				json(Map.of("tenant_name", "Org " + unique(), "email", unique() + "@example.com", "password",
						Accounts.PASSWORD, "full_name", "Some One")))));
		rules.put("POST /api/v1/auth/login", Rule.open(call -> new Request("/api/v1/auth/login",
				json(Map.of("email", call.fixtures().signInEmail, "password", Accounts.PASSWORD)))).auditingRefusals());
		rules.put("POST /api/v1/auth/refresh", Rule.open(call -> new Request("/api/v1/auth/refresh",
				json(Map.of("refresh_token", call.fixtures().freshRefreshToken())))));
		rules.put("POST /api/v1/auth/logout", Rule.open(call -> new Request("/api/v1/auth/logout",
				json(Map.of("refresh_token", call.fixtures().freshRefreshToken())))));
		rules.put("GET /.well-known/jwks.json", Rule.open(call -> new Request("/.well-known/jwks.json", null)));
		rules.put("POST /api/v1/auth/switch-organization", Rule.own(Least.MEMBER, null,
				call -> new Request("/api/v1/auth/switch-organization", json(Map.of("organization_id", call.organization())))));
		rules.put("GET /api/v1/auth/me", Rule.own(Least.MEMBER, null, call -> new Request("/api/v1/auth/me", null)));
		// An API key's one membership is its organization (tenant-service relays the caller's token here).
		rules.put("GET /api/v1/auth/memberships",
				Rule.own(Least.MEMBER, "read", call -> new Request("/api/v1/auth/memberships", null)));
		// auth-service: users
		rules.put("GET /api/v1/users", Rule.own(Least.MEMBER, "read", call -> new Request("/api/v1/users", null)));
		rules.put("POST /api/v1/users", Rule.own(Least.ADMIN, null, call -> new Request("/api/v1/users",
				json(Map.of("email", unique() + "@example.com", "password", Accounts.PASSWORD, "full_name", "New One",
						"role", "member")))));
		rules.put("GET /api/v1/users/{id}", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/users/" + call.fixtures().memberId, null)));
		rules.put("PATCH /api/v1/users/{id}", Rule.scoped(Least.OWNER, null,
				call -> new Request("/api/v1/users/" + call.fixtures().freshMember(), json(Map.of("full_name", "Renamed")))));
		rules.put("PUT /api/v1/users/{id}", Rule.scoped(Least.OWNER, null,
				call -> new Request("/api/v1/users/" + call.fixtures().freshMember(), json(Map.of("full_name", "Renamed")))));
		// Admins remove members; admins and owners are removed by owners only.
		rules.put("DELETE /api/v1/users/{id}", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/users/" + call.fixtures().freshMember(), null)));
		// auth-service: API keys
		rules.put("GET /api/v1/api-keys", Rule.own(Least.ADMIN, null, call -> new Request("/api/v1/api-keys", null)));
		rules.put("POST /api/v1/api-keys", Rule.own(Least.ADMIN, null,
				call -> new Request("/api/v1/api-keys", json(Map.of("name", "matrix", "scopes", "read")))));
		rules.put("GET /api/v1/api-keys/{id}", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/api-keys/" + call.fixtures().readKey.id(), null)));
		rules.put("DELETE /api/v1/api-keys/{id}", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/api-keys/" + call.fixtures().freshKey(), null)));
		// tenant-service
		rules.put("GET /api/v1/organizations",
				Rule.own(Least.MEMBER, "read", call -> new Request("/api/v1/organizations", null)));
		rules.put("POST /api/v1/organizations", Rule.own(Least.MEMBER, null,
				call -> new Request("/api/v1/organizations", json(Map.of("name", "Org " + unique())))));
		rules.put("GET /api/v1/organizations/{id}", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/organizations/" + call.fixtures().owner.organizationId(), null)));
		rules.put("PATCH /api/v1/organizations/{id}", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/organizations/" + call.fixtures().owner.organizationId(),
						json(Map.of("description", "Changed by " + call.caller())))));
		// config-service: namespaces
		rules.put("GET /api/v1/namespaces", Rule.own(Least.MEMBER, "read", call -> new Request("/api/v1/namespaces", null)));
		rules.put("POST /api/v1/namespaces", Rule.own(Least.MEMBER, "write",
				call -> new Request("/api/v1/namespaces", json(Map.of("name", "ns-" + unique())))));
		rules.put("GET /api/v1/namespaces/{ns}", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/namespaces/" + call.fixtures().namespace, null)));
		rules.put("PUT /api/v1/namespaces/{ns}", Rule.scoped(Least.MEMBER, "write", call -> {
			String namespace = call.fixtures().freshNamespace();
			return new Request("/api/v1/namespaces/" + namespace, json(Map.of("name", namespace, "description", "put")));
		}));
		rules.put("PATCH /api/v1/namespaces/{ns}", Rule.scoped(Least.MEMBER, "write",
				call -> new Request("/api/v1/namespaces/" + call.fixtures().freshNamespace(),
						json(Map.of("description", "patched")))));
		rules.put("DELETE /api/v1/namespaces/{ns}", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/namespaces/" + call.fixtures().freshNamespace(), null)));
		rules.put("GET /api/v1/namespaces/{ns}/watch", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/namespaces/" + call.fixtures().namespace + "/watch", null)));
		rules.put("GET /api/v1/namespaces/{ns}/values", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/namespaces/" + call.fixtures().namespace + "/values", null)));
		// config-service: configs
		rules.put("GET /api/v1/namespaces/{ns}/configs", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/namespaces/" + call.fixtures().namespace + "/configs", null)));
		rules.put("POST /api/v1/namespaces/{ns}/configs", Rule.scoped(Least.MEMBER, "write",
				call -> new Request("/api/v1/namespaces/" + call.fixtures().namespace + "/configs",
						json(Map.of("key", "k-" + unique(), "value", "1", "value_type", "string")))));
		rules.put("GET /api/v1/namespaces/{ns}/configs/{key}", Rule.scoped(Least.MEMBER, "read",
				call -> new Request(call.fixtures().configPath, null)));
		rules.put("PUT /api/v1/namespaces/{ns}/configs/{key}", Rule.scoped(Least.MEMBER, "write",
				call -> new Request(call.fixtures().freshConfig(), json(Map.of("value", "put", "value_type", "string")))));
		rules.put("PATCH /api/v1/namespaces/{ns}/configs/{key}", Rule.scoped(Least.MEMBER, "write",
				call -> new Request(call.fixtures().freshConfig(), json(Map.of("value", "patched")))));
		rules.put("DELETE /api/v1/namespaces/{ns}/configs/{key}", Rule.scoped(Least.MEMBER, "write",
				call -> new Request(call.fixtures().freshConfig(), null)));
		rules.put("POST /api/v1/namespaces/{ns}/configs/{key}/rollback", Rule.scoped(Least.MEMBER, "write",
				call -> new Request(call.fixtures().freshConfig() + "/rollback", json(Map.of("version", 1)))));
		rules.put("GET /api/v1/namespaces/{ns}/configs/{key}/history", Rule.scoped(Least.MEMBER, "read",
				call -> new Request(call.fixtures().configPath + "/history", null)));
		rules.put("GET /api/v1/namespaces/{ns}/configs/{key}/diff", Rule.scoped(Least.MEMBER, "read",
				call -> new Request(call.fixtures().configPath + "/diff?from=1&to=2", null)));
		// audit-service: admins, and keys with audit:read (neither key here has it)
		rules.put("GET /api/v1/events", Rule.own(Least.ADMIN, "audit:read", call -> new Request("/api/v1/events", null)));
		rules.put("GET /api/v1/events/{id}", Rule.scoped(Least.ADMIN, "audit:read",
				call -> new Request("/api/v1/events/" + call.fixtures().eventId, null)));
		rules.put("GET /api/v1/events/verify",
				Rule.own(Least.ADMIN, "audit:read", call -> new Request("/api/v1/events/verify", null)));
		rules.put("GET /api/v1/events/export", Rule.own(Least.ADMIN, "audit:read",
				call -> new Request("/api/v1/events/export?format=ndjson", null)));
		rules.put("GET /api/v1/events/entities/{entityType}/{entityId}", Rule.own(Least.ADMIN, "audit:read",
				call -> new Request("/api/v1/events/entities/user/" + call.fixtures().memberId, null)));
		rules.put("GET /api/v1/events/actors/{actorId}", Rule.own(Least.ADMIN, "audit:read",
				call -> new Request("/api/v1/events/actors/" + call.fixtures().owner.userId(), null)));
		// auth-service: members and invitations of a named organization
		String members = "/api/v1/organizations/{organizationId}/members";
		rules.put("GET " + members, Rule.scoped(Least.MEMBER, "read", call -> new Request(call.fixtures().in(members), null)));
		rules.put("GET " + members + "/{userId}", Rule.scoped(Least.MEMBER, "read",
				call -> new Request(call.fixtures().in(members) + "/" + call.fixtures().memberId, null)));
		for (String method : List.of("PATCH", "PUT")) {
			rules.put(method + " " + members + "/{userId}", Rule.scoped(Least.OWNER, null,
					call -> new Request(call.fixtures().in(members) + "/" + call.fixtures().freshMember(),
							json(Map.of("role", "admin")))));
		}
		rules.put("DELETE " + members + "/{userId}", Rule.scoped(Least.ADMIN, null,
				call -> new Request(call.fixtures().in(members) + "/" + call.fixtures().freshMember(), null)));
		String invitations = "/api/v1/organizations/{organizationId}/invitations";
		for (String create : List.of(invitations, "/api/v1/organizations/{organizationId}/invite")) {
			rules.put("POST " + create, Rule.scoped(Least.ADMIN, null, call -> new Request(call.fixtures().in(create),
					json(Map.of("email", "invited-" + unique() + "@example.com", "role", "member")))));
		}
		rules.put("GET " + invitations, Rule.scoped(Least.ADMIN, null, call -> new Request(call.fixtures().in(invitations), null)));
		rules.put("GET " + invitations + "/{id}", Rule.scoped(Least.ADMIN, null,
				call -> new Request(call.fixtures().in(invitations) + "/" + call.fixtures().invitationId, null)));
		rules.put("DELETE " + invitations + "/{id}", Rule.scoped(Least.ADMIN, null,
				call -> new Request(call.fixtures().in(invitations) + "/" + call.fixtures().freshInvitation().get("id"), null)));
		rules.put("POST " + invitations + "/{id}/resend", Rule.scoped(Least.ADMIN, null,
				call -> new Request(call.fixtures().in(invitations) + "/" + call.fixtures().freshInvitation().get("id") + "/resend",
						null)));
		rules.put("POST /api/v1/invitations/accept", Rule.open(call -> new Request("/api/v1/invitations/accept",
				json(Map.of("token", call.fixtures().freshInvitation().get("token"), "full_name", "Invited One", "password",
						Accounts.PASSWORD)))));
		// An invitation to the caller's own address, from the organization the caller is not in.
		rules.put("POST /api/v1/auth/accept-invitation", Rule.own(Least.MEMBER, null,
				call -> new Request("/api/v1/auth/accept-invitation",
						json(Map.of("token", call.fixtures().invitationFor(call.caller()))))));
		// tenant-service: shops, stats, feature flags, deletion
		String shops = "/api/v1/organizations/{organizationId}/shops";
		rules.put("GET " + shops, Rule.scoped(Least.MEMBER, "read", call -> new Request(call.fixtures().in(shops), null)));
		rules.put("POST " + shops, Rule.scoped(Least.ADMIN, null, call -> new Request(call.fixtures().in(shops),
				json(Map.of("name", "Shop " + unique(), "platform", "etsy", "platform_shop_id", unique())))));
		rules.put("GET " + shops + "/{id}", Rule.scoped(Least.MEMBER, "read",
				call -> new Request(call.fixtures().in(shops) + "/" + call.fixtures().shopId, null)));
		for (String method : List.of("PATCH", "PUT")) {
			rules.put(method + " " + shops + "/{id}", Rule.scoped(Least.ADMIN, null,
					call -> new Request(call.fixtures().in(shops) + "/" + call.fixtures().freshShop(),
							json(Map.of("name", "Renamed " + unique())))));
		}
		rules.put("DELETE " + shops + "/{id}", Rule.scoped(Least.ADMIN, null,
				call -> new Request(call.fixtures().in(shops) + "/" + call.fixtures().freshShop(), null)));
		// Asking for a synchronisation is an ordinary write (spec SH-8).
		rules.put("POST " + shops + "/{id}/sync", Rule.scoped(Least.MEMBER, "write",
				call -> new Request(call.fixtures().in(shops) + "/" + call.fixtures().freshShop() + "/sync", null)));
		rules.put("GET /api/v1/organizations/{id}/stats", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/organizations/" + call.fixtures().owner.organizationId() + "/stats", null)));
		rules.put("GET /api/v1/organizations/{id}/features", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/organizations/" + call.fixtures().owner.organizationId() + "/features", null)));
		rules.put("PATCH /api/v1/organizations/{id}/features", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/organizations/" + call.fixtures().owner.organizationId() + "/features",
						json(Map.of("features", Map.of("mockups", call.caller() != Caller.OWNER))))));
		// The owner deletes an organization of their own made for it; everyone else is tried on the
		// organization under test (and must be refused).
		rules.put("DELETE /api/v1/organizations/{id}", Rule.scoped(Least.OWNER, null, call -> {
			Map<?, ?> target = (call.caller() == Caller.OWNER) ? call.fixtures().freshOrganization()
					: Map.of("id", call.fixtures().owner.organizationId(), "name", call.fixtures().owner.tokens().tenantName());
			return new Request("/api/v1/organizations/" + target.get("id") + "?confirm="
					+ java.net.URLEncoder.encode(String.valueOf(target.get("name")), java.nio.charset.StandardCharsets.UTF_8),
					null);
		}));
		// The platform administration: no organization role reaches it.
		for (String admin : List.of("GET /api/v1/admin/users", "GET /api/v1/admin/organizations", "GET /api/v1/admin/overview",
				"GET /api/v1/admin/health", "GET /api/v1/admin/events", "GET /api/v1/admin/events/export")) {
			rules.put(admin, Rule.own(Least.PLATFORM_ADMIN, null, call -> new Request(admin.substring(admin.indexOf(' ') + 1), null)));
		}
		for (String method : List.of("PATCH", "PUT")) {
			rules.put(method + " /api/v1/admin/users/{id}", Rule.own(Least.PLATFORM_ADMIN, null,
					call -> new Request("/api/v1/admin/users/" + call.fixtures().memberId, json(Map.of("suspended", true)))));
			rules.put(method + " /api/v1/admin/organizations/{id}", Rule.own(Least.PLATFORM_ADMIN, null,
					call -> new Request("/api/v1/admin/organizations/" + call.fixtures().owner.organizationId(),
							json(Map.of("is_active", false)))));
		}
		rules.put("DELETE /api/v1/admin/organizations/{id}", Rule.own(Least.PLATFORM_ADMIN, null,
				call -> new Request("/api/v1/admin/organizations/" + call.fixtures().owner.organizationId() + "?confirm="
						+ java.net.URLEncoder.encode(call.fixtures().owner.tokens().tenantName(),
								java.nio.charset.StandardCharsets.UTF_8),
						null)));
		rules.put("GET /api/v1/admin/organizations/{id}", Rule.own(Least.PLATFORM_ADMIN, null,
				call -> new Request("/api/v1/admin/organizations/" + call.fixtures().owner.organizationId(), null)));
		// file-service: files of the caller's organization (the organization comes from the token)
		for (String list : List.of("/api/v1/files", "/api/v1/files/search")) {
			rules.put("GET " + list, Rule.own(Least.MEMBER, "read", call -> new Request(list, null)));
		}
		for (String upload : List.of("/api/v1/files", "/api/v1/files/upload")) {
			rules.put("POST " + upload, Rule.own(Least.MEMBER, "write", call -> new Request(
					upload + "?file_type=design&filename=matrix.png", Fixtures.png(), Map.of("Content-Type", "image/png"))));
		}
		rules.put("GET /api/v1/files/stats/storage",
				Rule.own(Least.MEMBER, "read", call -> new Request("/api/v1/files/stats/storage", null)));
		rules.put("POST /api/v1/files/lookup", Rule.own(Least.MEMBER, "write",
				call -> new Request("/api/v1/files/lookup", json(Map.of("ids", List.of(call.fixtures().fileId))))));
		rules.put("GET /api/v1/files/{id}", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/files/" + call.fixtures().fileId, null)));
		for (String method : List.of("PATCH", "PUT")) {
			rules.put(method + " /api/v1/files/{id}", Rule.scoped(Least.MEMBER, "write",
					call -> new Request("/api/v1/files/" + call.fixtures().freshFile(), json(Map.of("filename", "renamed.png")))));
		}
		rules.put("DELETE /api/v1/files/{id}", Rule.scoped(Least.MEMBER, "write",
				call -> new Request("/api/v1/files/" + call.fixtures().freshFile(), null)));
		rules.put("POST /api/v1/files/{id}/restore", Rule.scoped(Least.MEMBER, "write",
				call -> new Request("/api/v1/files/" + call.fixtures().freshArchivedFile() + "/restore", null)));
		for (String content : List.of("content", "download")) {
			for (String method : List.of("GET", "HEAD")) {
				rules.put(method + " /api/v1/files/{id}/" + content, Rule.scoped(Least.MEMBER, "read",
						call -> new Request("/api/v1/files/" + call.fixtures().fileId + "/" + content, null)));
			}
		}
		// Resumable uploads (tus 1.0): discovery is open, the rest is a file write of the caller's organization.
		rules.put("OPTIONS /api/v1/files/uploads", Rule.openChecking(call -> new Request("/api/v1/files/uploads", null)));
		rules.put("POST /api/v1/files/uploads", Rule.own(Least.MEMBER, "write", call -> new Request("/api/v1/files/uploads",
				null, Map.of("Tus-Resumable", "1.0.0", "Upload-Length", "1000", "Upload-Metadata", Fixtures.tusMetadata()))));
		rules.put("HEAD /api/v1/files/uploads/{id}", Rule.scoped(Least.MEMBER, "read",
				call -> new Request(call.fixtures().freshUpload(), null, Map.of("Tus-Resumable", "1.0.0"))));
		rules.put("PATCH /api/v1/files/uploads/{id}", Rule.scoped(Least.MEMBER, "write",
				call -> new Request(call.fixtures().freshUpload(), "x".repeat(100), Map.of("Tus-Resumable", "1.0.0",
						"Upload-Offset", "0", "Content-Type", "application/offset+octet-stream"))));
		rules.put("DELETE /api/v1/files/uploads/{id}", Rule.scoped(Least.MEMBER, "write",
				call -> new Request(call.fixtures().freshUpload(), null, Map.of("Tus-Resumable", "1.0.0"))));
		rules.put("GET /api/v1/admin/files/usage",
				Rule.own(Least.PLATFORM_ADMIN, null, call -> new Request("/api/v1/admin/files/usage", null)));
		rules.put("PUT /api/v1/admin/files/quotas/{organizationId}", Rule.own(Least.PLATFORM_ADMIN, null,
				call -> new Request(call.fixtures().in("/api/v1/admin/files/quotas/{organizationId}"),
						json(Map.of("quota_bytes", 1, "max_files", 1)))));
		// print-service: printers (members read, admins manage; keys read only, having no role)
		rules.put("POST /api/v1/printers", Rule.own(Least.ADMIN, null,
				call -> new Request("/api/v1/printers", json(Fixtures.printerBody()))));
		for (String path : List.of("/api/v1/printers", "/api/v1/printers/default", "/api/v1/printers/default/get",
				"/api/v1/printers/stats/summary", "/api/v1/printers/suggestions/config")) {
			rules.put("GET " + path, Rule.own(Least.MEMBER, "read", call -> new Request(path, null)));
		}
		for (String path : List.of("/api/v1/printers/compatible", "/api/v1/printers/compatible/find")) {
			rules.put("GET " + path, Rule.own(Least.MEMBER, "read",
					call -> new Request(path + "?width_inches=10&height_inches=20", null)));
		}
		rules.put("GET /api/v1/printers/{id}", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/printers/" + call.fixtures().printerId, null)));
		for (String method : List.of("PATCH", "PUT")) {
			rules.put(method + " /api/v1/printers/{id}", Rule.scoped(Least.ADMIN, null,
					call -> new Request("/api/v1/printers/" + call.fixtures().freshPrinter(), json(Map.of("notes", "matrix")))));
		}
		rules.put("DELETE /api/v1/printers/{id}", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/printers/" + call.fixtures().freshPrinter(), null)));
		for (String action : List.of("set-default", "pause", "resume")) {
			rules.put("POST /api/v1/printers/{id}/" + action, Rule.scoped(Least.ADMIN, null,
					call -> new Request("/api/v1/printers/" + call.fixtures().printerId + "/" + action, null)));
		}
		rules.put("GET /api/v1/printers/{id}/capability", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/printers/" + call.fixtures().printerId
						+ "/capability?width_inches=10&height_inches=20&allow_rotation=true", null)));
		rules.put("POST /api/v1/printers/{id}/check-capability", Rule.scoped(Least.MEMBER, "write",
				call -> new Request("/api/v1/printers/" + call.fixtures().printerId + "/check-capability",
						json(Map.of("width_inches", 10, "height_inches", 20)))));
		rules.put("GET /api/v1/printers/{id}/templates", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/printers/" + call.fixtures().printerId + "/templates", null)));
		rules.put("PUT /api/v1/printers/{id}/templates/{templateId}", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/printers/" + call.fixtures().printerId + "/templates/" + UUID.randomUUID(),
						null)));
		rules.put("DELETE /api/v1/printers/{id}/templates/{templateId}", Rule.scoped(Least.ADMIN, null, call -> {
			String template = UUID.randomUUID().toString();
			return new Request("/api/v1/printers/" + call.fixtures().freshPrinter(Map.of("supported_template_ids",
					List.of(template))) + "/templates/" + template, null);
		}));
		// print-service: canvas configs
		rules.put("POST /api/v1/canvas-configs", Rule.own(Least.ADMIN, null,
				call -> new Request("/api/v1/canvas-configs", json(Fixtures.canvasBody()))));
		rules.put("GET /api/v1/canvas-configs",
				Rule.own(Least.MEMBER, "read", call -> new Request("/api/v1/canvas-configs", null)));
		rules.put("GET /api/v1/canvas-configs/suggestions",
				Rule.own(Least.MEMBER, "read", call -> new Request("/api/v1/canvas-configs/suggestions", null)));
		rules.put("GET /api/v1/canvas-configs/{id}", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/canvas-configs/" + call.fixtures().canvasConfigId, null)));
		for (String method : List.of("PATCH", "PUT")) {
			rules.put(method + " /api/v1/canvas-configs/{id}", Rule.scoped(Least.ADMIN, null,
					call -> new Request("/api/v1/canvas-configs/" + call.fixtures().freshCanvasConfig(),
							json(Map.of("description", "matrix")))));
		}
		rules.put("DELETE /api/v1/canvas-configs/{id}", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/canvas-configs/" + call.fixtures().freshCanvasConfig(), null)));
		// print-service: print jobs (members and write keys create; the creator, here the owner,
		// and admins act on a job)
		rules.put("POST /api/v1/print-jobs", Rule.own(Least.MEMBER, "write",
				call -> new Request("/api/v1/print-jobs", json(call.fixtures().jobBody(call)))));
		for (String path : List.of("/api/v1/print-jobs", "/api/v1/print-jobs/search", "/api/v1/print-jobs/stats/summary",
				"/api/v1/print-jobs/queue/info", "/api/v1/print-jobs/stream")) {
			rules.put("GET " + path, Rule.own(Least.MEMBER, "read", call -> new Request(path, null)));
		}
		rules.put("GET /api/v1/print-jobs/{id}", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/print-jobs/" + call.fixtures().jobId, null)));
		rules.put("GET /api/v1/print-jobs/{id}/history", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/print-jobs/" + call.fixtures().jobId + "/history", null)));
		rules.put("PATCH /api/v1/print-jobs/{id}", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/print-jobs/" + call.fixtures().freshJob(false), json(Map.of("priority", 60)))));
		rules.put("POST /api/v1/print-jobs/{id}/cancel", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/print-jobs/" + call.fixtures().freshJob(false) + "/cancel", null)));
		rules.put("POST /api/v1/print-jobs/{id}/hold", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/print-jobs/" + call.fixtures().freshJob(false) + "/hold", null)));
		rules.put("POST /api/v1/print-jobs/{id}/release", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/print-jobs/" + call.fixtures().freshJob(true) + "/release", null)));
		rules.put("POST /api/v1/print-jobs/{id}/retry", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/print-jobs/" + call.fixtures().freshFailedJob() + "/retry", null)));
		// print-service: gang sheets (members and write keys preview; layouts read like jobs)
		rules.put("POST /api/v1/gang-sheets/preview", Rule.own(Least.MEMBER, "write",
				call -> new Request("/api/v1/gang-sheets/preview", json(call.fixtures().gangBody(call)))));
		rules.put("GET /api/v1/gang-sheets/layouts/{id}", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/gang-sheets/layouts/" + call.fixtures().layoutId, null)));
		rules.put("GET /api/v1/print-jobs/{id}/layout", Rule.scoped(Least.MEMBER, "read",
				call -> new Request("/api/v1/print-jobs/" + call.fixtures().gangJobId + "/layout", null)));
		// print-service: agents' administration, and the agents' own paths (only a print:agent key,
		// which none of the callers holds, gets past the gateway there)
		rules.put("GET /api/v1/print-agents", Rule.own(Least.ADMIN, null, call -> new Request("/api/v1/print-agents", null)));
		rules.put("PATCH /api/v1/print-agents/{id}", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/print-agents/" + call.fixtures().agentId, json(Map.of("name", "Shop PC")))));
		rules.put("DELETE /api/v1/print-agents/{id}", Rule.scoped(Least.ADMIN, null,
				call -> new Request("/api/v1/print-agents/" + call.fixtures().freshAgent(), null)));
		rules.put("POST /api/v1/print-agent/heartbeat", Rule.own(Least.NONE, "print:agent",
				call -> new Request("/api/v1/print-agent/heartbeat", json(Map.of("name", "matrix")))));
		rules.put("POST /api/v1/print-agent/claims", Rule.own(Least.NONE, "print:agent",
				call -> new Request("/api/v1/print-agent/claims", json(Map.of()))));
		for (String report : List.of("progress", "complete", "fail", "release")) {
			rules.put("POST /api/v1/print-agent/jobs/{jobId}/" + report, Rule.own(Least.NONE, "print:agent",
					call -> new Request("/api/v1/print-agent/jobs/" + call.fixtures().jobId + "/" + report,
							json(Map.of("claim_id", UUID.randomUUID().toString(), "progress_percentage", 10,
									"error_message", "matrix")))));
		}
		rules.put("GET /api/v1/print-agent/jobs/{jobId}/files/{fileId}", Rule.own(Least.NONE, "print:agent",
				call -> new Request("/api/v1/print-agent/jobs/" + call.fixtures().jobId + "/files/" + call.fixtures().fileId,
						null)));
		return rules;
	}

	private static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	/**
	 * The organization under test with a person of every role, two keys, callers whose access
	 * changed after they signed in, and another organization's owner.
	 */
	static final class Fixtures {

		final Session owner = Accounts.registerOrganization();

		final Session other = Accounts.registerOrganization();

		final ApiKey readKey = Accounts.createApiKey(this.owner, "read");

		final ApiKey readWriteKey = Accounts.createApiKey(this.owner, "read,write");

		final String memberId;

		final String namespace = "ns-" + unique();

		final String configPath = "/api/v1/namespaces/" + this.namespace + "/configs/shared";

		final String eventId;

		final String shopId;

		final String fileId;

		/** print-service: the organization's default printer, a canvas config, a pending job, an agent. */
		final String printerId;

		final String canvasConfigId;

		final String jobId;

		/** A gang_sheets job of the owner's, and its layout. */
		final String gangJobId;

		final String layoutId;

		/** A print:agent key, allowed only on the retry printer, that fails jobs for the retry rule. */
		final ApiKey agentKey;

		final String retryPrinterId;

		final String agentId;

		/** A file of the other organization, and its default printer: it prints too. */
		final String otherFileId;

		final String invitationId;

		/** Who signs in to show login works: failed attempts with hostile input throttle only them. */
		final String signInEmail;

		private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);

		private final Map<Caller, String> emails = new EnumMap<>(Caller.class);

		Fixtures() {
			this.tokens.put(Caller.OWNER, this.owner.accessToken());
			this.tokens.put(Caller.OTHER_OWNER, this.other.accessToken());
			this.emails.put(Caller.OWNER, this.owner.email());
			this.emails.put(Caller.OTHER_OWNER, this.other.email());
			Member admin = addUser("admin");
			this.tokens.put(Caller.ADMIN, admin.tokens().accessToken());
			this.emails.put(Caller.ADMIN, admin.email());
			Member member = addUser("member");
			this.emails.put(Caller.MEMBER, member.email());
			this.memberId = member.id();
			this.tokens.put(Caller.MEMBER, member.tokens().accessToken());

			this.signInEmail = addUser("member").email();
			Member removed = addUser("admin");
			alsoMemberOf(removed.id(), this.other.organizationId());
			Member deleted = addUser("member");
			Member demoted = addUser("admin");
			owner("DELETE", "/api/v1/users/" + removed.id(), null, 204);
			owner("DELETE", "/api/v1/users/" + deleted.id(), null, 204);
			owner("PATCH", "/api/v1/users/" + demoted.id(), Map.of("role", "member"), 200);
			this.tokens.put(Caller.REMOVED_ADMIN, removed.tokens().accessToken());
			this.tokens.put(Caller.DELETED_USER, deleted.tokens().accessToken());
			this.tokens.put(Caller.DEMOTED_ADMIN, demoted.tokens().accessToken());

			owner("POST", "/api/v1/namespaces", Map.of("name", this.namespace), 201);
			owner("POST", "/api/v1/namespaces/" + this.namespace + "/configs",
					Map.of("key", "shared", "value", Map.of("version", 1), "value_type", "json"), 201);
			owner("PATCH", this.configPath, Map.of("value", Map.of("version", 2)), 200);
			this.shopId = freshShop();
			this.fileId = freshFile();
			this.printerId = freshPrinter(Map.of("is_default", true));
			this.retryPrinterId = freshPrinter(Map.of("name", "Retry printer"));
			this.canvasConfigId = freshCanvasConfig();
			this.jobId = freshJob(false);
			Map<String, Object> gang = new LinkedHashMap<>(gangBody());
			gang.put("job_name", "Gang " + unique());
			gang.put("job_type", "gang_sheets");
			Map<?, ?> gangJob = owner("POST", "/api/v1/print-jobs", gang, 201);
			this.gangJobId = String.valueOf(gangJob.get("id"));
			this.layoutId = String.valueOf(gangJob.get("layout_id"));
			this.agentKey = Accounts.createApiKey(this.owner, "print:agent");
			Map<?, ?> agent = agent("POST", "/api/v1/print-agent/heartbeat", this.agentKey,
					Map.of("name", "Fixture agent"), 200);
			this.agentId = String.valueOf(agent.get("agent_id"));
			Map<String, String> other = Map.of("Authorization", "Bearer " + this.other.accessToken());
			Answer upload = Http.send("POST", "/api/v1/files?file_type=design&filename=other.png",
					Map.of("Authorization", "Bearer " + this.other.accessToken(), "Content-Type", "image/png"), png());
			assertThat(upload.status()).as("other's upload: " + upload).isEqualTo(201);
			this.otherFileId = String.valueOf(JSON.readValue(upload.body(), Map.class).get("id"));
			Map<String, Object> otherPrinter = new LinkedHashMap<>(printerBody());
			otherPrinter.put("is_default", true);
			Answer printer = Http.send("POST", "/api/v1/printers", other, json(otherPrinter));
			assertThat(printer.status()).as("other's printer: " + printer).isEqualTo(201);
			owner("PATCH", "/api/v1/print-agents/" + this.agentId, Map.of("allowed_printer_ids",
					List.of(this.retryPrinterId)), 200);
			this.invitationId = String.valueOf(freshInvitation().get("id"));
			this.eventId = firstEventId();
			awaitStaleRefused();
		}

		Map<String, String> credentials(Caller caller) {
			renewIfOld(caller);
			return switch (caller) {
				case NOBODY -> Map.of();
				case READ_KEY -> Map.of("X-API-Key", this.readKey.key());
				case READ_WRITE_KEY -> Map.of("X-API-Key", this.readWriteKey.key());
				default -> Map.of("Authorization", "Bearer " + this.tokens.get(caller));
			};
		}

		/** When the callers who still have their access signed in last (their tokens live 15 minutes). */
		private final Map<Caller, java.time.Instant> signedIn = new EnumMap<>(Caller.class);

		private final java.time.Instant created = java.time.Instant.now();

		/**
		 * A long run (the corpus takes many minutes) outlives an access token: the callers whose
		 * access is current sign in again after 10 minutes. The stale callers keep their old tokens
		 * on purpose.
		 */
		private boolean renewIfOld(Caller caller) {
			if (!RENEWABLE.contains(caller) || !this.emails.containsKey(caller)) {
				return false;
			}
			java.time.Instant now = java.time.Instant.now();
			java.time.Instant since = this.signedIn.computeIfAbsent(caller, c -> this.created);
			if (since.plus(java.time.Duration.ofMinutes(10)).isBefore(now)) {
				this.tokens.put(caller, Accounts.login(this.emails.get(caller), Accounts.PASSWORD).accessToken());
				this.signedIn.put(caller, now);
				return true;
			}
			return false;
		}

		/**
		 * Signs in again every caller that is due, before a test takes the state it compares with: a
		 * sign-in writes a refresh token and an audit event, which must not count as the case's change.
		 * Answers whether anyone signed in.
		 */
		boolean renewDue() {
			boolean renewed = false;
			for (Caller caller : RENEWABLE) {
				renewed |= renewIfOld(caller);
			}
			return renewed;
		}

		private static final java.util.Set<Caller> RENEWABLE = java.util.EnumSet.of(Caller.OWNER, Caller.OTHER_OWNER,
				Caller.ADMIN, Caller.MEMBER);

		/** What of the organization under test must never show in another organization's answers. */
		List<String> markers() {
			return List.of(this.owner.organizationId().toString(), this.owner.email(), this.namespace, this.memberId);
		}

		/** A path of the organization under test (its id in place of the template's). */
		String in(String template) {
			return template.replace("{organizationId}", this.owner.organizationId().toString());
		}

		private static final java.util.concurrent.atomic.AtomicInteger SEED = new java.util.concurrent.atomic.AtomicInteger();

		/** A small PNG, different every time (so no upload is a duplicate), as ISO-8859-1 text. */
		static String png() {
			byte[] bytes = FilesEndToEndTests.png(8, 8, 11811, SEED.incrementAndGet());
			return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
		}

		static String tusMetadata() {
			java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
			return "filename " + base64.encodeToString("matrix.bin".getBytes(java.nio.charset.StandardCharsets.UTF_8))
					+ ",file_type " + base64.encodeToString("other".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}

		String freshFile() {
			Answer answer = Http.send("POST", "/api/v1/files?file_type=design&filename=target.png",
					Map.of("Authorization", "Bearer " + this.owner.accessToken(), "Content-Type", "image/png"), png());
			assertThat(answer.status()).as("upload: " + answer).isEqualTo(201);
			return String.valueOf(JSON.readValue(answer.body(), Map.class).get("id"));
		}

		String freshArchivedFile() {
			String id = freshFile();
			owner("DELETE", "/api/v1/files/" + id, null, 204);
			return id;
		}

		/** A resumable upload just created: its path. */
		String freshUpload() {
			Answer answer = Http.send("POST", "/api/v1/files/uploads",
					Map.of("Authorization", "Bearer " + this.owner.accessToken(), "Tus-Resumable", "1.0.0", "Upload-Length",
							"1000", "Upload-Metadata", tusMetadata()),
					null);
			assertThat(answer.status()).as("resumable upload: " + answer).isEqualTo(201);
			String location = answer.location();
			return location.startsWith("http") ? java.net.URI.create(location).getRawPath() : location;
		}

		static Map<String, Object> printerBody() {
			return Map.of("name", "Printer " + unique(), "printer_type", "dtf", "max_width_inches", 23,
					"max_height_inches", 215, "dpi", 400);
		}

		static Map<String, Object> canvasBody() {
			return Map.of("name", "Canvas " + unique(), "width_inches", 4, "height_inches", 4, "dpi", 300);
		}

		/** A job of the caller's organization: the other owner prints a file of its own. */
		Map<String, Object> jobBody(Call call) {
			return Map.of("job_name", "Job " + unique(), "file_ids",
					List.of(call.caller() == Caller.OTHER_OWNER ? this.otherFileId : this.fileId));
		}

		/** Gang-sheet items of the caller's organization: the other owner lays out a file of its own. */
		Map<String, Object> gangBody(Call call) {
			return Map.of("items", List.of(Map.of("file_id", call.caller() == Caller.OTHER_OWNER ? this.otherFileId
					: this.fileId, "quantity", 2, "width_inches", 1, "height_inches", 1)));
		}

		Map<String, Object> gangBody() {
			return Map.of("items", List.of(Map.of("file_id", this.fileId, "quantity", 2, "width_inches", 1,
					"height_inches", 1)));
		}

		Map<String, Object> jobBody() {
			return Map.of("job_name", "Job " + unique(), "file_ids", List.of(this.fileId));
		}

		String freshPrinter() {
			return freshPrinter(Map.of());
		}

		String freshPrinter(Map<String, Object> extra) {
			Map<String, Object> body = new LinkedHashMap<>(printerBody());
			body.putAll(extra);
			return String.valueOf(owner("POST", "/api/v1/printers", body, 201).get("id"));
		}

		String freshCanvasConfig() {
			return String.valueOf(owner("POST", "/api/v1/canvas-configs", canvasBody(), 201).get("id"));
		}

		/** A pending (or held) job of the owner's on the default printer. */
		String freshJob(boolean held) {
			Map<String, Object> body = new LinkedHashMap<>(jobBody());
			body.put("hold", held);
			return String.valueOf(owner("POST", "/api/v1/print-jobs", body, 201).get("id"));
		}

		/** A job the fixture agent claimed and failed. */
		String freshFailedJob() {
			Map<String, Object> body = new LinkedHashMap<>(jobBody());
			body.put("printer_id", this.retryPrinterId);
			String id = String.valueOf(owner("POST", "/api/v1/print-jobs", body, 201).get("id"));
			// Jobs retried by earlier calls wait before it in the queue: the agent fails them too.
			for (int i = 0; i < 50; i++) {
				Map<?, ?> claim = agent("POST", "/api/v1/print-agent/claims", this.agentKey, Map.of(), 200);
				Object claimed = ((Map<?, ?>) claim.get("job")).get("id");
				agent("POST", "/api/v1/print-agent/jobs/" + claimed + "/fail", this.agentKey,
						Map.of("claim_id", claim.get("claim_id"), "error_message", "matrix"), 200);
				if (id.equals(claimed)) {
					return id;
				}
			}
			throw new IllegalStateException("The fixture agent never reached job " + id);
		}

		/** An agent of its own key, registered by its first heartbeat. */
		String freshAgent() {
			ApiKey key = Accounts.createApiKey(this.owner, "print:agent");
			return String.valueOf(agent("POST", "/api/v1/print-agent/heartbeat", key, Map.of("name", "Doomed"), 200)
				.get("agent_id"));
		}

		private static Map<?, ?> agent(String method, String path, ApiKey key, Object body, int status) {
			Answer answer = Http.send(method, path, Map.of("X-API-Key", key.key()), json(body));
			assertThat(answer.status()).as(method + " " + path + ": " + answer).isEqualTo(status);
			return answer.body().isEmpty() ? Map.of() : JSON.readValue(answer.body(), Map.class);
		}

		String freshShop() {
			return String.valueOf(owner("POST", in("/api/v1/organizations/{organizationId}/shops"),
					Map.of("name", "Shop " + unique(), "platform", "shopify", "platform_shop_id", unique()), 201).get("id"));
		}

		/** A pending invitation to a new address: its id and token. */
		Map<?, ?> freshInvitation() {
			return owner("POST", in("/api/v1/organizations/{organizationId}/invitations"),
					Map.of("email", "invited-" + unique() + "@example.com", "role", "member"), 201);
		}

		/** An organization of the owner's own, made to be deleted: its id and name. */
		Map<?, ?> freshOrganization() {
			return owner("POST", "/api/v1/organizations", Map.of("name", "Doomed " + unique()), 201);
		}

		/**
		 * An invitation the caller could accept: to the caller's address, from an organization of
		 * its own (so no organization of the test gains a member).
		 */
		String invitationFor(Caller caller) {
			String email = this.emails.getOrDefault(caller, "nobody-" + unique() + "@example.com");
			Session inviter = Accounts.registerOrganization();
			Answer answer = Http.send("POST", "/api/v1/organizations/" + inviter.organizationId() + "/invitations",
					Map.of("Authorization", "Bearer " + inviter.accessToken()),
					json(Map.of("email", email, "role", "member")));
			assertThat(answer.status()).as("invitation for " + caller + ": " + answer).isEqualTo(201);
			return String.valueOf(JSON.readValue(answer.body(), Map.class).get("token"));
		}

		String freshRefreshToken() {
			return Accounts.login(this.owner.email(), Accounts.PASSWORD).refreshToken();
		}

		String freshMember() {
			Map<?, ?> user = owner("POST", "/api/v1/users", Map.of("email", "target-" + unique() + "@example.com",
					"password", Accounts.PASSWORD, "full_name", "Target", "role", "member"), 201);
			return String.valueOf(user.get("id"));
		}

		String freshKey() {
			return String.valueOf(owner("POST", "/api/v1/api-keys", Map.of("name", "target", "scopes", "read"), 201).get("id"));
		}

		String freshNamespace() {
			String name = "ns-" + unique();
			owner("POST", "/api/v1/namespaces", Map.of("name", name), 201);
			return name;
		}

		/** A config with two versions, in the shared namespace; its path. */
		String freshConfig() {
			String key = "k-" + unique();
			owner("POST", "/api/v1/namespaces/" + this.namespace + "/configs",
					Map.of("key", key, "value", "one", "value_type", "string"), 201);
			String path = "/api/v1/namespaces/" + this.namespace + "/configs/" + key;
			owner("PATCH", path, Map.of("value", "two"), 200);
			return path;
		}

		private record Member(String id, String email, Accounts.Tokens tokens) {
		}

		private Member addUser(String role) {
			String email = role + "-" + unique() + "@example.com";
			Map<?, ?> user = owner("POST", "/api/v1/users",
					Map.of("email", email, "password", Accounts.PASSWORD, "full_name", "Some One", "role", role), 201);
			return new Member(String.valueOf(user.get("id")), email, Accounts.login(email, Accounts.PASSWORD));
		}

		/** A second membership, so removing the first leaves the account in place. */
		private static void alsoMemberOf(String userId, UUID organization) {
			try (Connection connection = Suite.get().database().connect();
					PreparedStatement insert = connection.prepareStatement(
							"INSERT INTO auth.memberships (user_id, organization_id, role) VALUES (?, ?, 'member')")) {
				insert.setObject(1, UUID.fromString(userId));
				insert.setObject(2, organization);
				insert.executeUpdate();
			}
			catch (java.sql.SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private Map<?, ?> owner(String method, String path, Object body, int status) {
			Answer answer = Http.send(method, path, credentials(Caller.OWNER), (body != null) ? json(body) : null);
			assertThat(answer.status()).as(method + " " + path + ": " + answer).isEqualTo(status);
			return answer.body().isEmpty() ? Map.of() : JSON.readValue(answer.body(), Map.class);
		}

		private String firstEventId() {
			long deadline = System.nanoTime() + EVENT_BOUND.toNanos();
			while (System.nanoTime() < deadline) {
				Answer answer = Http.send("GET", "/api/v1/events?limit=1", credentials(Caller.OWNER), null);
				JsonNode events = JSON.readTree(answer.body());
				if (answer.status() == 200 && events.isArray() && !events.isEmpty()) {
					return events.get(0).get("id").asString();
				}
				pause();
			}
			throw new IllegalStateException("No audit event reached audit-service");
		}

		/** The gateway forgets a changed membership within its cache bound. */
		private void awaitStaleRefused() {
			long deadline = System.nanoTime() + MEMBERSHIP_BOUND.toNanos();
			for (Caller caller : List.of(Caller.REMOVED_ADMIN, Caller.DELETED_USER, Caller.DEMOTED_ADMIN)) {
				while (Http.send("GET", "/api/v1/namespaces", credentials(caller), null).status() != 401) {
					assertThat(System.nanoTime()).as(caller + " still let in").isLessThan(deadline);
					pause();
				}
			}
		}

		private static void pause() {
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
