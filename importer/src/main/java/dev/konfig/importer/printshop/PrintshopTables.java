package dev.konfig.importer.printshop;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.konfig.importer.SourceRows.bool;
import static dev.konfig.importer.SourceRows.hasColumn;
import static dev.konfig.importer.SourceRows.hasTable;
import static dev.konfig.importer.SourceRows.instant;
import static dev.konfig.importer.SourceRows.lower;
import static dev.konfig.importer.SourceRows.rows;
import static dev.konfig.importer.SourceRows.uuid;
import static dev.konfig.importer.SourceRows.uuids;

/**
 * The print back office's tables after its multi-tenant migration guide (organizations,
 * organization_members, shops, files, printers, print_jobs, events; users with {@code org_id};
 * canvas_configs with DPI and spacing), read whole in one snapshot. JSON columns are read as
 * text; a canvas config's organization is its product template's user's.
 */
record PrintshopTables(List<Organization> organizations, List<User> users, List<Member> members, List<Shop> shops,
		List<FileRow> files, List<Printer> printers, List<Canvas> canvases, List<Job> jobs, List<Event> events) {

	record Organization(UUID id, String name, String description, String settings, Instant createdAt) {
	}

	record User(UUID id, String email, String passwordHash, String role, UUID orgId, Boolean active,
			Instant createdAt) {
	}

	record Member(UUID organizationId, UUID userId, String role, Instant joinedAt) {
	}

	record Shop(UUID id, UUID organizationId, String name, String platform, String platformShopId, String config,
			Boolean active, Instant createdAt) {
	}

	record FileRow(UUID id, UUID organizationId, String filename, String originalFilename, String path, long size,
			String mimeType, String hash, String storageBackend, Instant createdAt) {
	}

	record Printer(UUID id, UUID organizationId, UUID userId, String name, String type, double maxWidth,
			double maxHeight, int dpi, List<UUID> templates, Boolean active, Boolean isDefault, String notes,
			String config, Instant createdAt) {
	}

	record Canvas(UUID id, UUID organizationId, UUID templateId, String name, double width, double height,
			String description, Boolean active, Boolean stretch, Integer dpi, Double spacingWidth,
			Double spacingHeight, Instant createdAt) {
	}

	record Job(UUID id, UUID organizationId, UUID createdBy, UUID printerId, UUID shopId, String name, String status,
			Integer priority, List<UUID> fileIds, String config, Integer progress, Instant estimatedCompletion,
			Instant startedAt, Instant completedAt, String errorMessage, Instant createdAt, Instant updatedAt) {
	}

	record Event(UUID id, UUID organizationId, UUID userId, String type, String entityType, UUID entityId,
			String data, String ipAddress, String userAgent, Instant createdAt) {
	}

	static PrintshopTables read(Connection connection) throws SQLException {
		boolean userOrg = hasColumn(connection, "users", "org_id");
		return new PrintshopTables(
				rows(connection,
						"SELECT id, name, description, settings::text AS settings, created_at FROM organizations "
								+ "ORDER BY created_at, id",
						row -> new Organization(uuid(row, "id"), row.getString("name"), row.getString("description"),
								row.getString("settings"), instant(row, "created_at"))),
				rows(connection,
						"SELECT id, email, hashed_password, role, " + (userOrg ? "org_id" : "NULL::uuid AS org_id")
								+ ", is_active, created_at FROM users ORDER BY created_at, id",
						row -> new User(uuid(row, "id"), row.getString("email"), row.getString("hashed_password"),
								lower(row.getString("role")), uuid(row, "org_id"), bool(row, "is_active"),
								instant(row, "created_at"))),
				rows(connection,
						"SELECT organization_id, user_id, role, joined_at FROM organization_members "
								+ "ORDER BY joined_at, user_id",
						row -> new Member(uuid(row, "organization_id"), uuid(row, "user_id"),
								lower(row.getString("role")), instant(row, "joined_at"))),
				rows(connection,
						"SELECT id, organization_id, name, platform, platform_shop_id, shop_config::text AS shop_config, "
								+ "is_active, created_at FROM shops ORDER BY created_at, id",
						row -> new Shop(uuid(row, "id"), uuid(row, "organization_id"), row.getString("name"),
								lower(row.getString("platform")), row.getString("platform_shop_id"),
								row.getString("shop_config"), bool(row, "is_active"), instant(row, "created_at"))),
				rows(connection,
						"SELECT id, organization_id, filename, original_filename, file_path, file_size, mime_type, "
								+ "file_hash, storage_backend, created_at FROM files ORDER BY created_at, id",
						row -> new FileRow(uuid(row, "id"), uuid(row, "organization_id"), row.getString("filename"),
								row.getString("original_filename"), row.getString("file_path"),
								row.getLong("file_size"), row.getString("mime_type"), row.getString("file_hash"),
								row.getString("storage_backend"), instant(row, "created_at"))),
				rows(connection,
						"SELECT id, organization_id, user_id, name, printer_type, max_width_inches, max_height_inches, "
								+ "dpi, supported_template_ids, is_active, is_default, notes, "
								+ "printer_config::text AS printer_config, created_at FROM printers ORDER BY created_at, id",
						row -> new Printer(uuid(row, "id"), uuid(row, "organization_id"), uuid(row, "user_id"),
								row.getString("name"), lower(row.getString("printer_type")),
								row.getDouble("max_width_inches"), row.getDouble("max_height_inches"), row.getInt("dpi"),
								uuids(row, "supported_template_ids"), bool(row, "is_active"), bool(row, "is_default"),
								row.getString("notes"), row.getString("printer_config"), instant(row, "created_at"))),
				hasTable(connection, "canvas_configs") ? canvases(connection, userOrg) : List.of(),
				rows(connection,
						"SELECT id, organization_id, created_by_user_id, printer_id, shop_id, job_name, status, priority, "
								+ "file_ids, print_config::text AS print_config, progress_percentage, "
								+ "estimated_completion, started_at, completed_at, error_message, created_at, updated_at "
								+ "FROM print_jobs ORDER BY created_at, id",
						row -> new Job(uuid(row, "id"), uuid(row, "organization_id"), uuid(row, "created_by_user_id"),
								uuid(row, "printer_id"), uuid(row, "shop_id"), row.getString("job_name"),
								lower(row.getString("status")), (Integer) row.getObject("priority"),
								uuids(row, "file_ids"), row.getString("print_config"),
								(Integer) row.getObject("progress_percentage"), instant(row, "estimated_completion"),
								instant(row, "started_at"), instant(row, "completed_at"),
								row.getString("error_message"), instant(row, "created_at"), instant(row, "updated_at"))),
				rows(connection,
						"SELECT id, organization_id, user_id, event_type, entity_type, entity_id, "
								+ "event_data::text AS event_data, ip_address, user_agent, created_at FROM events "
								+ "ORDER BY created_at, id",
						row -> new Event(uuid(row, "id"), uuid(row, "organization_id"), uuid(row, "user_id"),
								row.getString("event_type"), row.getString("entity_type"), uuid(row, "entity_id"),
								row.getString("event_data"), row.getString("ip_address"), row.getString("user_agent"),
								instant(row, "created_at"))));
	}

	/**
	 * Canvas configs belong to a product template, and the template to a user: the config's
	 * organization is that user's ({@code org_id}, else the user's first membership).
	 */
	private static List<Canvas> canvases(Connection connection, boolean userOrg) throws SQLException {
		String organization = "(SELECT coalesce(" + (userOrg ? "u.org_id, " : "")
				+ "(SELECT m.organization_id FROM organization_members m WHERE m.user_id = u.id "
				+ "ORDER BY m.joined_at, m.organization_id LIMIT 1)) FROM users u WHERE u.id = t.user_id)";
		boolean templates = hasTable(connection, "etsy_product_templates");
		return rows(connection,
				"SELECT c.id, " + (templates ? organization : "NULL::uuid") + " AS organization_id, "
						+ "c.product_template_id, c.name, c.width_inches, c.height_inches, c.description, c.is_active, "
						+ "c.is_stretch, c.dpi, c.spacing_width_inches, c.spacing_height_inches, c.created_at "
						+ "FROM canvas_configs c "
						+ (templates ? "LEFT JOIN etsy_product_templates t ON t.id = c.product_template_id " : "")
						+ "ORDER BY c.created_at, c.id",
				row -> new Canvas(uuid(row, "id"), uuid(row, "organization_id"), uuid(row, "product_template_id"),
						row.getString("name"), row.getDouble("width_inches"), row.getDouble("height_inches"),
						row.getString("description"), bool(row, "is_active"), bool(row, "is_stretch"),
						(Integer) row.getObject("dpi"), (Double) row.getObject("spacing_width_inches"),
						(Double) row.getObject("spacing_height_inches"), instant(row, "created_at")));
	}

}
