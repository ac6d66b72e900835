package dev.konfig.tenant.shop;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.web.ConflictException;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.PrincipalType;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.ForbiddenException;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.PreconditionFailedException;
import dev.konfig.tenant.membership.MembershipDirectory;
import dev.konfig.tenant.system.ShopProperties;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What callers may do with an organization's shops (SH-2..SH-8), and in which order it happens.
 * Members of the organization (and its API keys) read and request syncs; admins and owners
 * manage. Every change writes its event in its own transaction.
 */
@Service
class ShopService {

	private final ShopRepository shops;

	private final ShopCredentials credentials;

	private final MembershipDirectory memberships;

	private final ShopProperties properties;

	private final Outbox outbox;

	private final TransactionalOperator transaction;

	private final JsonMapper json;

	ShopService(ShopRepository shops, ShopCredentials credentials, MembershipDirectory memberships,
			ShopProperties properties, Outbox outbox, TransactionalOperator transaction, JsonMapper json) {
		this.shops = shops;
		this.credentials = credentials;
		this.memberships = memberships;
		this.properties = properties;
		this.outbox = outbox;
		this.transaction = transaction;
		this.json = json;
	}

	/** A list's filters, as sent. */
	record Filter(@Nullable String platform, @Nullable String isActive, @Nullable String q) {
	}

	Mono<Shop> create(KonfigPrincipal principal, UUID organizationId, ShopRequests.Create request) {
		return Mono.fromSupplier(() -> newShop(principal, organizationId, request))
			.flatMap(shop -> requireAdmin(principal, organizationId)
				.then(this.transaction.transactional(this.shops.lockOrganization(organizationId)
					.flatMap(exists -> exists ? this.shops.countOf(organizationId)
							: Mono.error(ShopNotFoundException.organization(organizationId)))
					.flatMap(count -> (count >= this.properties.maxPerOrganization())
							? Mono.error(ShopConflictException.tooMany(this.properties.maxPerOrganization()))
							: this.shops.insert(shop))
					.flatMap(created -> recordCreated(created).thenReturn(created)))));
	}

	Mono<Shop> get(KonfigPrincipal principal, UUID organizationId, UUID id) {
		return requireMember(principal, organizationId).then(this.shops.find(organizationId, id))
			.switchIfEmpty(Mono.error(() -> new ShopNotFoundException(id)));
	}

	Mono<Page<Shop>> list(KonfigPrincipal principal, UUID organizationId, Filter filter, PageRequest page) {
		ShopCursor after = page.after(ShopCursor::decode);
		Boolean active = activeFilter(filter.isActive());
		String q = (filter.q() == null || filter.q().isBlank()) ? null : filter.q().strip();
		String platform = (filter.platform() == null || filter.platform().isBlank()) ? null : filter.platform();
		return requireMember(principal, organizationId)
			.then(Page.from(this.shops.page(organizationId, platform, active, q, after, page.fetchSize()), page,
					shop -> ShopCursor.of(shop).encode()));
	}

	/**
	 * Changes what the request names. The row stays locked from the read to the event, so the
	 * event's {@code before} is exactly what this update replaced; a request that changes nothing
	 * writes nothing and counts no version.
	 */
	Mono<Shop> update(KonfigPrincipal principal, UUID organizationId, UUID id, ShopRequests.Update request,
			@Nullable String ifMatch) {
		return Mono.fromCallable(() -> {
			ShopRules.noUnknownFields(request.unknown());
			return EntityTags.optionalVersions(ifMatch);
		})
			.flatMap(versions -> requireAdmin(principal, organizationId)
				.then(this.transaction.transactional(this.shops.findForUpdate(organizationId, id)
					.switchIfEmpty(Mono.error(() -> new ShopNotFoundException(id)))
					.flatMap(current -> {
						if (!versions.isEmpty() && !versions.contains((long) current.version())) {
							return Mono.error(new PreconditionFailedException(
									"The shop changed since the ETag If-Match names"));
						}
						return apply(current, request);
					}))));
	}

	Mono<Void> delete(KonfigPrincipal principal, UUID organizationId, UUID id) {
		return requireAdmin(principal, organizationId)
			.then(this.transaction.transactional(this.shops.delete(organizationId, id)
				.switchIfEmpty(Mono.error(() -> new ShopNotFoundException(id)))
				.flatMap(deleted -> record(deleted, "shop.deleted", AuditEvent.SUCCESS, identity(deleted)))));
	}

	/**
	 * Records a request to synchronise (SH-8). A request while an earlier one is unfinished is
	 * the same request: answered again, with no new event.
	 */
	Mono<Shop> requestSync(KonfigPrincipal principal, UUID organizationId, UUID id) {
		return requireMember(principal, organizationId)
			.then(this.transaction.transactional(this.shops.findForUpdate(organizationId, id)
				.switchIfEmpty(Mono.error(() -> new ShopNotFoundException(id)))
				.flatMap(current -> {
					if (!current.active()) {
						return Mono.error(ShopConflictException.inactive());
					}
					if (current.syncPending()) {
						return Mono.just(current);
					}
					return this.shops.requestSync(id)
						.flatMap(requested -> record(requested, "shop.sync_requested", AuditEvent.SUCCESS,
								Map.of("sync_requested_at", requested.syncRequestedAt().toString()))
							.thenReturn(requested));
				})));
	}

	/** A shop for another service: the organization must be the shop's. */
	Mono<Shop> getInternal(UUID id, UUID organizationId) {
		return this.shops.find(organizationId, id).switchIfEmpty(Mono.error(() -> new ShopNotFoundException(id)));
	}

	/** A shop's credentials in clear, for a service working for the organization; every read is recorded. */
	Mono<Map<String, String>> credentialsInternal(UUID id, UUID organizationId) {
		return this.transaction.transactional(getInternal(id, organizationId).flatMap(shop -> {
			Map<String, String> open = this.credentials.open(shop);
			return record(shop, "shop.credentials_read", AuditEvent.SUCCESS,
					Map.of("credential_keys", shop.credentialKeys()))
				.thenReturn(open);
		}));
	}

	/** The end of a synchronisation, reported by the worker that ran it. */
	Mono<Shop> recordSyncResult(UUID id, ShopRequests.SyncResult result) {
		return Mono.fromCallable(() -> {
			if (!"succeeded".equals(result.status()) && !"failed".equals(result.status())) {
				throw new InvalidShopRequestException("status", "must be succeeded or failed");
			}
			if (result.finishedAt() == null) {
				throw new InvalidShopRequestException("finished_at", "is required");
			}
			return ShopRules.syncError(result.error());
		})
			.flatMap(error -> this.transaction.transactional(this.shops.findAnywhere(id, true)
				.switchIfEmpty(Mono.error(() -> new ShopNotFoundException(id)))
				.flatMap(current -> this.shops.recordSync(id, result.finishedAt().toInstant(), result.status(), error))
				.flatMap(finished -> {
					Map<String, Object> data = new LinkedHashMap<>();
					data.put("status", finished.lastSyncStatus());
					data.put("finished_at", finished.lastSyncAt().toString());
					data.put("error", finished.lastSyncError());
					String outcome = "succeeded".equals(result.status()) ? AuditEvent.SUCCESS : AuditEvent.FAILURE;
					return record(finished, "shop.sync_finished", outcome, data).thenReturn(finished);
				})));
	}

	ShopResponse response(Shop shop) {
		return new ShopResponse(shop.id(), shop.organizationId(), shop.name(), shop.platform(), shop.platformShopId(),
				this.json.readTree(shop.shopConfig()), shop.active(), shop.credentialKeys(), shop.tokenExpiresAt(),
				shop.syncRequestedAt(), shop.lastSyncAt(), shop.lastSyncStatus(), shop.lastSyncError(),
				shop.createdBy(), shop.createdByType(), shop.createdAt(), shop.updatedAt(), shop.version());
	}

	private Shop newShop(KonfigPrincipal principal, UUID organizationId, ShopRequests.Create request) {
		UUID createdBy = (principal.type() == PrincipalType.USER || principal.type() == PrincipalType.API_KEY)
				? UUID.fromString(principal.subject()) : null;
		return newShop(UUID.randomUUID(), organizationId, request, createdBy,
				createdBy == null ? null : principal.type().claim());
	}

	/**
	 * A shop brought by the importer, with its id and creation time (IM-1): 201 imported, 200
	 * when the same shop is there already (a second run), 409 when the id belongs to another
	 * organization or the organization already has a shop of this platform shop id (the
	 * duplicate is named), 404 when the organization does not exist. A dry run rolls back.
	 */
	Mono<ShopRequests.ImportResult> importShop(ShopRequests.Import request, boolean dryRun) {
		return Mono.fromSupplier(() -> newShop(request.id(), request.organizationId(), request.asCreate(),
				request.createdBy(), request.createdBy() == null ? null : PrincipalType.USER.claim()))
			.flatMap(shop -> this.transaction.execute(status -> {
				if (dryRun) {
					status.setRollbackOnly();
				}
				return this.shops.lockOrganization(shop.organizationId())
					.flatMap(exists -> exists ? this.shops.findAnywhere(shop.id(), false)
						.map(existing -> {
							if (!existing.organizationId().equals(shop.organizationId())) {
								throw new ConflictException(
										"The shop id " + shop.id() + " belongs to another organization");
							}
							return new ShopRequests.ImportResult(shop.id(), ShopRequests.ImportResult.ALREADY_THERE,
									null);
						})
						.switchIfEmpty(Mono.defer(() -> insertImported(shop, request)))
							: Mono.error(ShopNotFoundException.organization(shop.organizationId())));
			}).single());
	}

	private Mono<ShopRequests.ImportResult> insertImported(Shop shop, ShopRequests.Import request) {
		// The duplicate is looked for first: after a failed insert the transaction could not ask.
		return this.shops.countOf(shop.organizationId())
			.flatMap(count -> (count >= this.properties.maxPerOrganization())
					? Mono.error(ShopConflictException.tooMany(this.properties.maxPerOrganization()))
					: this.shops.findByPlatformShopId(shop.organizationId(), shop.platform(), shop.platformShopId())
						.flatMap(other -> Mono.<Shop>error(new ConflictException("Duplicate shop: the organization "
								+ "already has the " + shop.platform() + " shop " + shop.platformShopId()
								+ " as shop " + other.id() + " ('" + other.name() + "')")))
						.switchIfEmpty(Mono.defer(() -> this.shops.insert(shop))))
			.flatMap(created -> this.shops.setCreatedAt(created.id(), request.createdAt()))
			.flatMap(created -> {
				Map<String, Object> data = identity(created);
				data.put("imported_from", request.source());
				data.put("is_active", created.active());
				return record(created, "shop.imported", AuditEvent.SUCCESS, data)
					.thenReturn(new ShopRequests.ImportResult(created.id(), ShopRequests.ImportResult.IMPORTED, null));
			});
	}

	private Shop newShop(UUID id, UUID organizationId, ShopRequests.Create request, @Nullable UUID createdBy,
			@Nullable String createdByType) {
		ShopRules.noUnknownFields(request.unknown());
		String name = ShopRules.name(request.name());
		String platform = ShopRules.platform(request.platform(), this.properties.platforms());
		String platformShopId = ShopRules.platformShopId(request.platformShopId());
		ObjectNode config = ShopRules.shopConfig(request.shopConfig(), this.json);
		ShopCredentials.Sealed sealed = this.credentials.seal(organizationId, this.credentials.of(request.credentials()));
		return new Shop(id, organizationId, name, platform, platformShopId, this.json.writeValueAsString(config),
				sealed.ciphertext(), sealed.keyId(), sealed.names(),
				request.tokenExpiresAt() == null ? null : request.tokenExpiresAt().toInstant(),
				request.isActive() == null || request.isActive(), null, null, null, null, createdBy, createdByType, 1,
				Instant.now(), Instant.now());
	}

	private Mono<Shop> apply(Shop current, ShopRequests.Update request) {
		if (request.platform() != null && !request.platform().equals(current.platform())) {
			throw new InvalidShopRequestException("platform", "platform cannot change; create a new shop");
		}
		String name = (request.name() == null) ? current.name() : ShopRules.name(request.name());
		String platformShopId = (request.platformShopId() == null) ? current.platformShopId()
				: ShopRules.platformShopId(request.platformShopId());
		ObjectNode currentConfig = (ObjectNode) this.json.readTree(current.shopConfig());
		ObjectNode config = (request.shopConfig() == null) ? currentConfig
				: ShopRules.mergedShopConfig(currentConfig, request.shopConfig(), this.json);
		Instant tokenExpiresAt = (request.tokenExpiresAt() == null) ? current.tokenExpiresAt()
				: ShopRules.tokenExpiresAt(request.tokenExpiresAt());
		boolean active = (request.isActive() == null) ? current.active() : request.isActive();

		Map<String, String> before = this.credentials.open(current);
		Map<String, String> after = (request.credentials() == null) ? before
				: this.credentials.merged(before, request.credentials());
		List<String> credentialsChanged = ShopCredentials.changed(before, after);

		Map<String, Object> old = new LinkedHashMap<>();
		Map<String, Object> now = new LinkedHashMap<>();
		compare("name", current.name(), name, old, now);
		compare("platform_shop_id", current.platformShopId(), platformShopId, old, now);
		compare("shop_config", currentConfig, config, old, now);
		compare("token_expires_at", current.tokenExpiresAt(), tokenExpiresAt, old, now);
		compare("is_active", current.active(), active, old, now);
		if (now.isEmpty() && credentialsChanged.isEmpty()) {
			return Mono.just(current);
		}
		ShopCredentials.Sealed sealed = credentialsChanged.isEmpty()
				? new ShopCredentials.Sealed(current.credentials(), current.credentialsKeyId(), current.credentialKeys())
				: this.credentials.seal(current.organizationId(), after);
		Shop changed = current.with(name, platformShopId, this.json.writeValueAsString(config), sealed.ciphertext(),
				sealed.keyId(), sealed.names(), tokenExpiresAt, active);
		return this.shops.update(changed).flatMap(updated -> {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("name", updated.name());
			data.put("platform", updated.platform());
			data.put("before", shown(old));
			data.put("after", shown(now));
			if (!credentialsChanged.isEmpty()) {
				data.put("credential_keys_changed", credentialsChanged);
			}
			return record(updated, "shop.updated", AuditEvent.SUCCESS, data).thenReturn(updated);
		});
	}

	private static void compare(String field, @Nullable Object before, @Nullable Object after,
			Map<String, Object> old, Map<String, Object> now) {
		if (!Objects.equals(before, after)) {
			old.put(field, before);
			now.put(field, after);
		}
	}

	/** Event data holds plain values: JSON trees as maps, times as text. */
	private Map<String, Object> shown(Map<String, Object> fields) {
		Map<String, Object> shown = new LinkedHashMap<>();
		fields.forEach((field, value) -> shown.put(field, plain(value)));
		return shown;
	}

	@Nullable
	private Object plain(@Nullable Object value) {
		if (value instanceof JsonNode tree) {
			return this.json.convertValue(tree, Object.class);
		}
		if (value instanceof Instant instant) {
			return instant.toString();
		}
		return value;
	}

	private Mono<Void> recordCreated(Shop created) {
		Map<String, Object> data = identity(created);
		data.put("shop_config", plain(this.json.readTree(created.shopConfig())));
		data.put("credential_keys", created.credentialKeys());
		data.put("is_active", created.active());
		return record(created, "shop.created", AuditEvent.SUCCESS, data);
	}

	private static Map<String, Object> identity(Shop shop) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("name", shop.name());
		data.put("platform", shop.platform());
		data.put("platform_shop_id", shop.platformShopId());
		return data;
	}

	private Mono<Void> record(Shop shop, String type, String outcome, Map<String, Object> data) {
		return this.outbox
			.appendFromRequest(AuditEvent.of(shop.organizationId(), type, "shop", shop.id(), outcome, data));
	}

	/** The caller's role in the organization; 404 for everyone else, so existence never leaks. */
	private Mono<Role> requireMember(KonfigPrincipal principal, UUID organizationId) {
		return this.memberships.roleIn(principal, organizationId)
			.switchIfEmpty(Mono.error(() -> ShopNotFoundException.organization(organizationId)));
	}

	/** Managing shops is for admins and owners; an API key is never one (403). */
	private Mono<Role> requireAdmin(KonfigPrincipal principal, UUID organizationId) {
		return requireMember(principal, organizationId).flatMap(role -> role.atLeast(Role.ADMIN) ? Mono.just(role)
				: Mono.error(new ForbiddenException("Managing shops needs the admin role")));
	}

	@Nullable
	private static Boolean activeFilter(@Nullable String isActive) {
		if (isActive == null || isActive.isEmpty()) {
			return null;
		}
		return switch (isActive) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new InvalidShopRequestException("is_active", "must be true or false");
		};
	}

}
