package dev.konfig.importer.printshop;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.springframework.security.crypto.bcrypt.BCrypt;

import dev.konfig.platform.test.TestDatabase;

/**
 * A print back office database as its multi-tenant migration guide leaves it: the single-tenant
 * tables (users, product templates, canvas configs), the guide's Step 2 tables and columns, its
 * Step 3 run as written (every existing user an admin of one "Default Organization"), then a
 * second organization registered afterwards with its owner. Data comes from a seeded generator;
 * files are real PNG and JPEG images written under a directory standing in for the NAS.
 * Nothing here is taken from the original project: the shapes follow its public table
 * descriptions.
 */
public final class PrintshopLegacyDatabase {

	/** The rows a test can break on purpose. */
	public record Faults(boolean missingFile, boolean widePrinter, boolean duplicateShop) {

		public static Faults none() {
			return new Faults(false, false, false);
		}

		public static Faults all() {
			return new Faults(true, true, true);
		}

	}

	public record Organization(UUID id, String name) {
	}

	public record User(UUID id, UUID organizationId, String email, String password, String role) {
	}

	public record Shop(UUID id, UUID organizationId, String name, String platformShopId) {
	}

	/** A file row; {@code bytes} null for the one missing from the NAS. */
	public record StoredFile(UUID id, UUID organizationId, String path, byte[] bytes, int width, int height,
			String mimeType) {
	}

	public record Printer(UUID id, UUID organizationId, String name, double maxWidth) {
	}

	public record Canvas(UUID id, UUID organizationId, String name, int dpi) {
	}

	public record Job(UUID id, UUID organizationId, String status, UUID printerId, UUID shopId, List<UUID> fileIds) {
	}

	public record Data(String databaseName, Path filesRoot, List<Organization> organizations, List<User> users,
			List<Shop> shops, List<StoredFile> files, List<Printer> printers, List<Canvas> canvases, List<Job> jobs,
			int events, Shop duplicateShop, StoredFile missingFile, Printer widePrinter) {

		/** The {@code --from} of this database. */
		public String url() {
			TestDatabase server = TestDatabase.get();
			return "postgresql://" + server.user() + "@" + server.host() + ":" + server.port() + "/"
					+ this.databaseName;
		}

		/** The first user created of an organization (its owner in the suite). */
		public User firstUserOf(UUID organization) {
			return this.users.stream().filter(user -> user.organizationId().equals(organization)).findFirst().orElseThrow();
		}

	}

	private static final LocalDateTime START = LocalDateTime.of(2024, 4, 1, 8, 0);

	private static final String[] STATUSES = { "pending", "queued", "printing", "completed", "failed", "cancelled",
			"completed", "held" };

	private PrintshopLegacyDatabase() {
	}

	/**
	 * A fresh database {@code name} (dropped first) and its NAS under {@code filesRoot}: a
	 * "Default Organization" of {@code legacyUsers} users (Step 3's admins) and a second
	 * organization with an owner and a member; per organization two shops, {@code files} files,
	 * two printers, two canvas configs, {@code jobs} print jobs; {@code events} events; and the
	 * faults asked for (a missing file, a printer 520 in wide with a job on it, a duplicate shop).
	 */
	public static Data create(String name, Path filesRoot, long seed, int legacyUsers, int files, int jobs, int events,
			Faults faults) throws SQLException, IOException {
		TestDatabase database = TestDatabase.fresh(name);
		Random random = new Random(seed);
		String tag = Long.toHexString(random.nextLong() & 0xffffffffL);
		Files.createDirectories(filesRoot);
		try (Connection connection = database.connect()) {
			singleTenantSchema(connection);
			List<User> users = new ArrayList<>();
			for (int i = 0; i < legacyUsers; i++) {
				users.add(user(connection, random, tag, i, null, i == 0 ? "owner" : "member"));
			}
			multiTenantSchema(connection);
			stepThree(connection);
			// The suite's organization names are unique: each generated database has its own default's.
			update(connection, "UPDATE organizations SET name = ? WHERE name = 'Default Organization'",
					"Default Organization " + tag);
			UUID defaultOrganization = uuid(connection, "SELECT id FROM organizations WHERE name LIKE 'Default Organization%'");
			List<User> all = new ArrayList<>();
			for (User user : users) {
				all.add(new User(user.id(), defaultOrganization, user.email(), user.password(), "admin"));
			}
			Organization second = new Organization(UUID.randomUUID(), "Transfers " + tag);
			update(connection, "INSERT INTO organizations (id, name, description, created_at) VALUES (?, ?, ?, ?)",
					second.id(), second.name(), "Registered after the migration", at(500));
			for (int i = 0; i < 2; i++) {
				User user = user(connection, random, tag, legacyUsers + i, second.id(), i == 0 ? "owner" : "member");
				update(connection, "INSERT INTO organization_members (organization_id, user_id, role, joined_at) "
						+ "VALUES (?, ?, ?, ?)", second.id(), user.id(), user.role(), at(600 + i));
				all.add(user);
			}
			List<Organization> organizations = List.of(
					new Organization(defaultOrganization, "Default Organization " + tag), second);

			List<Shop> shops = new ArrayList<>();
			List<StoredFile> stored = new ArrayList<>();
			List<Printer> printers = new ArrayList<>();
			List<Canvas> canvases = new ArrayList<>();
			List<Job> jobRows = new ArrayList<>();
			Shop duplicate = null;
			StoredFile missing = null;
			Printer wide = null;
			int minute = 1000;
			for (Organization organization : organizations) {
				for (int i = 0; i < 2; i++) {
					Shop shop = new Shop(UUID.randomUUID(), organization.id(), "Shop " + i + " " + tag,
							String.valueOf(10_000_000 + random.nextInt(80_000_000)));
					insertShop(connection, shop, i == 0 ? "etsy" : "Shopify", minute++);
					shops.add(shop);
				}
				if (faults.duplicateShop() && duplicate == null) {
					duplicate = new Shop(UUID.randomUUID(), organization.id(), "Shop 0 again " + tag,
							shops.get(0).platformShopId());
					insertShop(connection, duplicate, "etsy", minute++);
				}
				List<StoredFile> organizationFiles = new ArrayList<>();
				for (int i = 0; i < files; i++) {
					boolean jpeg = i % 3 == 2;
					int width = 200 + random.nextInt(400);
					int height = 200 + random.nextInt(400);
					byte[] bytes = image(random, width, height, jpeg);
					String path = "/nas/" + organization.id() + "/designs/design-" + i + (jpeg ? ".jpg" : ".png");
					StoredFile file = new StoredFile(UUID.randomUUID(), organization.id(), path, bytes, width, height,
							jpeg ? "image/jpeg" : "image/png");
					insertFile(connection, filesRoot, file, minute++);
					organizationFiles.add(file);
				}
				if (faults.missingFile() && missing == null) {
					missing = new StoredFile(UUID.randomUUID(), organization.id(),
							"/nas/" + organization.id() + "/designs/lost.png", null, 0, 0, "image/png");
					insertFile(connection, filesRoot, missing, minute++);
				}
				stored.addAll(organizationFiles);
				UUID owner = all.stream().filter(user -> user.organizationId().equals(organization.id())).findFirst()
					.orElseThrow().id();
				List<Printer> organizationPrinters = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					Printer printer = new Printer(UUID.randomUUID(), organization.id(),
							(i == 0 ? "Epson F2100 " : "UV Roll ") + tag, i == 0 ? 16 : 24);
					insertPrinter(connection, printer, owner, i == 0 ? "DTF" : "UV_DTF", 300 + 60 * i, i == 0,
							minute++);
					organizationPrinters.add(printer);
				}
				printers.addAll(organizationPrinters);
				if (faults.widePrinter() && wide == null) {
					wide = new Printer(UUID.randomUUID(), organization.id(), "Billboard 520in " + tag, 520);
					insertPrinter(connection, wide, owner, "inkjet", 300, false, minute++);
				}
				UUID template = UUID.randomUUID();
				update(connection, "INSERT INTO etsy_product_templates (id, user_id, name) VALUES (?, ?, ?)", template,
						owner, "UVDTF Decal " + tag);
				for (int i = 0; i < 2; i++) {
					Canvas canvas = new Canvas(UUID.randomUUID(), organization.id(), "Canvas " + i + " " + tag,
							300 + 100 * i);
					update(connection, "INSERT INTO canvas_configs (id, product_template_id, name, width_inches, "
							+ "height_inches, description, is_active, is_stretch, created_at, dpi, spacing_width_inches, "
							+ "spacing_height_inches) VALUES (?, ?, ?, ?, ?, ?, true, ?, ?, ?, 0.125, 0.25)", canvas.id(),
							template, canvas.name(), 3.5 + i, 4.0, "Decal size " + i, i == 0, at(minute++), canvas.dpi());
					canvases.add(canvas);
				}
				for (int i = 0; i < jobs; i++) {
					String status = STATUSES[random.nextInt(STATUSES.length)];
					Printer printer = organizationPrinters.get(random.nextInt(organizationPrinters.size()));
					List<UUID> jobFiles = List.of(organizationFiles.get(random.nextInt(organizationFiles.size())).id());
					Job job = new Job(UUID.randomUUID(), organization.id(), status, printer.id(),
							shops.get(shops.size() - 2).id(), jobFiles);
					insertJob(connection, job, owner, i, minute);
					minute += 10;
					jobRows.add(job);
				}
				if (wide != null && wide.organizationId().equals(organization.id())) {
					Job onWide = new Job(UUID.randomUUID(), organization.id(), "pending", wide.id(), null, List.of());
					insertJob(connection, onWide, owner, 0, minute);
					minute += 10;
					jobRows.add(onWide);
				}
			}
			for (int i = 0; i < events; i++) {
				Organization organization = organizations.get(i % organizations.size());
				User actor = all.stream().filter(user -> user.organizationId().equals(organization.id())).findFirst()
					.orElseThrow();
				update(connection, "INSERT INTO events (id, organization_id, user_id, event_type, entity_type, entity_id, "
						+ "event_data, ip_address, user_agent, created_at) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?)",
						UUID.randomUUID(), organization.id(), actor.id(), i % 2 == 0 ? "PRINT_JOB_CREATED" : "file.uploaded",
						i % 2 == 0 ? "print_job" : "file", UUID.randomUUID(), "{\"n\": " + i + "}", "10.0.0." + (i % 250),
						"BackOffice/1.0", at(5000 + i));
			}
			return new Data(name, filesRoot, organizations, all, shops, stored, printers, canvases, jobRows, events,
					duplicate, missing, wide);
		}
	}

	private static User user(Connection connection, Random random, String tag, int i, UUID organization, String role)
			throws SQLException {
		String password = "shop-password-" + i + "-" + Long.toHexString(random.nextLong());
		User user = new User(UUID.randomUUID(), organization, "printshop-" + tag + "-" + i + "@example.com", password,
				role);
		if (organization == null) {
			update(connection, "INSERT INTO users (id, email, hashed_password, role, shop_name, is_active, created_at, "
					+ "updated_at) VALUES (?, ?, ?, ?, ?, true, ?, ?)", user.id(), user.email(), passlibBcrypt(password),
					role, "shop-" + i, at(i), at(i));
		}
		else {
			update(connection, "INSERT INTO users (id, email, hashed_password, role, shop_name, is_active, created_at, "
					+ "updated_at, org_id) VALUES (?, ?, ?, ?, ?, true, ?, ?, ?)", user.id(), user.email(),
					passlibBcrypt(password), role, "shop-" + i, at(600 + i), at(600 + i), organization);
		}
		return user;
	}

	/** passlib's default bcrypt: {@code $2b$}, over the password itself (a low cost keeps tests fast). */
	static String passlibBcrypt(String password) {
		return BCrypt.hashpw(password, BCrypt.gensalt("$2b", 4));
	}

	private static void insertShop(Connection connection, Shop shop, String platform, int minute) throws SQLException {
		update(connection, "INSERT INTO shops (id, organization_id, name, platform, platform_shop_id, shop_config, "
				+ "is_active, created_at) VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), true, ?)", shop.id(),
				shop.organizationId(), shop.name(), platform, shop.platformShopId(), "{\"currency\": \"USD\"}",
				at(minute));
	}

	private static void insertFile(Connection connection, Path root, StoredFile file, int minute)
			throws SQLException, IOException {
		if (file.bytes() != null) {
			Path local = root.resolve(file.path().substring(1));
			Files.createDirectories(local.getParent());
			Files.write(local, file.bytes());
		}
		String filename = file.path().substring(file.path().lastIndexOf('/') + 1);
		update(connection, "INSERT INTO files (id, organization_id, filename, original_filename, file_path, file_size, "
				+ "mime_type, file_hash, file_metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)",
				file.id(), file.organizationId(), filename, "Original " + filename, file.path(),
				file.bytes() == null ? 1234 : file.bytes().length, file.mimeType(),
				file.bytes() == null ? "0".repeat(64) : sha256(file.bytes()), "{\"source\": \"upload\"}", at(minute));
	}

	private static void insertPrinter(Connection connection, Printer printer, UUID owner, String type, int dpi,
			boolean isDefault, int minute) throws SQLException {
		update(connection, "INSERT INTO printers (id, organization_id, user_id, name, printer_type, max_width_inches, "
				+ "max_height_inches, dpi, is_active, is_default, notes, printer_config, created_at) VALUES "
				+ "(?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?, CAST(? AS jsonb), ?)", printer.id(), printer.organizationId(),
				owner, printer.name(), type, printer.maxWidth(), 100.0, dpi, isDefault, "In the back room",
				"{\"ink\": \"CMYK+W\"}", at(minute));
	}

	private static void insertJob(Connection connection, Job job, UUID owner, int i, int minute) throws SQLException {
		boolean started = !List.of("pending", "queued", "held").contains(job.status());
		boolean ended = List.of("completed", "failed", "cancelled").contains(job.status());
		try (PreparedStatement statement = connection.prepareStatement("INSERT INTO print_jobs (id, organization_id, "
				+ "created_by_user_id, printer_id, shop_id, job_name, status, priority, file_ids, print_config, "
				+ "progress_percentage, started_at, completed_at, error_message, created_at, updated_at) VALUES "
				+ "(?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?)")) {
			Array files = connection.createArrayOf("uuid", job.fileIds().toArray());
			Object[] values = { job.id(), job.organizationId(), owner, job.printerId(), job.shopId(), "Order " + (1000 + i),
					job.status(), i % 3, files, "{\"copies\": " + (1 + i % 4) + "}",
					"completed".equals(job.status()) ? 100 : 0, started ? at(minute + 2) : null,
					ended ? at(minute + 5) : null, "failed".equals(job.status()) ? "Head clogged" : null, at(minute),
					at(minute + 5) };
			for (int v = 0; v < values.length; v++) {
				statement.setObject(v + 1, values[v]);
			}
			statement.executeUpdate();
		}
	}

	private static byte[] image(Random random, int width, int height, boolean jpeg) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		var graphics = image.createGraphics();
		graphics.setColor(new Color(random.nextInt(0xffffff)));
		graphics.fillRect(0, 0, width, height);
		graphics.setColor(new Color(random.nextInt(0xffffff)));
		graphics.fillOval(random.nextInt(width / 2), random.nextInt(height / 2), width / 3, height / 3);
		graphics.dispose();
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(image, jpeg ? "jpg" : "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Timestamp at(int minutes) {
		return Timestamp.valueOf(START.plusMinutes(minutes));
	}

	private static UUID uuid(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
			rows.next();
			return UUID.fromString(rows.getString(1));
		}
	}

	private static void update(Connection connection, String sql, Object... values) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < values.length; i++) {
				statement.setObject(i + 1, values[i]);
			}
			statement.executeUpdate();
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** The back office before the guide: single-tenant users, product templates, canvas configs. */
	private static void singleTenantSchema(Connection connection) throws SQLException {
		execute(connection, """
				CREATE TABLE users (
				    id UUID PRIMARY KEY,
				    email VARCHAR UNIQUE NOT NULL,
				    hashed_password VARCHAR NOT NULL,
				    role VARCHAR NOT NULL DEFAULT 'member',
				    shop_name VARCHAR,
				    etsy_shop_id VARCHAR,
				    root_folder VARCHAR,
				    is_active BOOLEAN DEFAULT true,
				    created_at TIMESTAMP,
				    updated_at TIMESTAMP
				);
				CREATE TABLE etsy_product_templates (
				    id UUID PRIMARY KEY,
				    user_id UUID NOT NULL REFERENCES users(id),
				    name VARCHAR NOT NULL
				);
				CREATE TABLE canvas_configs (
				    id UUID PRIMARY KEY,
				    product_template_id UUID NOT NULL REFERENCES etsy_product_templates(id),
				    name VARCHAR NOT NULL,
				    width_inches FLOAT NOT NULL,
				    height_inches FLOAT NOT NULL,
				    description TEXT,
				    is_active BOOLEAN DEFAULT true,
				    is_stretch BOOLEAN DEFAULT true,
				    created_at TIMESTAMP WITH TIME ZONE DEFAULT now(),
				    updated_at TIMESTAMP WITH TIME ZONE
				)""");
	}

	/** The guide's Step 2 (tables in an order PostgreSQL accepts: printers before print jobs). */
	private static void multiTenantSchema(Connection connection) throws SQLException {
		execute(connection, """
				CREATE TABLE organizations (
				    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
				    name VARCHAR NOT NULL,
				    description TEXT,
				    settings JSONB DEFAULT '{"is_active": true}',
				    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
				    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
				);
				ALTER TABLE users ADD COLUMN org_id UUID REFERENCES organizations(id) ON DELETE CASCADE;
				CREATE TABLE organization_members (
				    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
				    organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
				    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
				    role VARCHAR NOT NULL DEFAULT 'member',
				    joined_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
				    UNIQUE(organization_id, user_id)
				);
				CREATE TABLE shops (
				    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
				    organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
				    name VARCHAR NOT NULL,
				    platform VARCHAR NOT NULL,
				    platform_shop_id VARCHAR,
				    shop_config JSONB DEFAULT '{}',
				    is_active BOOLEAN DEFAULT true,
				    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
				    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
				);
				CREATE TABLE files (
				    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
				    organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
				    filename VARCHAR NOT NULL,
				    original_filename VARCHAR NOT NULL,
				    file_path VARCHAR NOT NULL,
				    file_size INTEGER NOT NULL,
				    mime_type VARCHAR NOT NULL,
				    file_hash VARCHAR NOT NULL,
				    storage_backend VARCHAR NOT NULL DEFAULT 'nas',
				    file_metadata JSONB DEFAULT '{}',
				    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
				    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
				);
				CREATE TABLE printers (
				    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
				    organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
				    user_id UUID NOT NULL REFERENCES users(id),
				    name VARCHAR NOT NULL,
				    printer_type VARCHAR NOT NULL,
				    max_width_inches FLOAT NOT NULL,
				    max_height_inches FLOAT NOT NULL,
				    dpi INTEGER NOT NULL DEFAULT 300,
				    supported_template_ids UUID[],
				    is_active BOOLEAN DEFAULT true,
				    is_default BOOLEAN DEFAULT false,
				    notes TEXT,
				    printer_config JSONB DEFAULT '{}',
				    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
				    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
				);
				CREATE TABLE print_jobs (
				    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
				    organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
				    created_by_user_id UUID NOT NULL REFERENCES users(id),
				    printer_id UUID REFERENCES printers(id),
				    shop_id UUID REFERENCES shops(id),
				    job_name VARCHAR NOT NULL,
				    status VARCHAR NOT NULL DEFAULT 'pending',
				    priority INTEGER DEFAULT 0,
				    file_ids UUID[],
				    print_config JSONB DEFAULT '{}',
				    progress_percentage INTEGER DEFAULT 0,
				    estimated_completion TIMESTAMP,
				    started_at TIMESTAMP,
				    completed_at TIMESTAMP,
				    error_message TEXT,
				    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
				    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
				);
				CREATE TABLE events (
				    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
				    organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
				    user_id UUID REFERENCES users(id),
				    event_type VARCHAR NOT NULL,
				    entity_type VARCHAR NOT NULL,
				    entity_id UUID,
				    event_data JSONB DEFAULT '{}',
				    ip_address VARCHAR,
				    user_agent TEXT,
				    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
				);
				ALTER TABLE canvas_configs
				    ADD COLUMN IF NOT EXISTS dpi INTEGER DEFAULT 300,
				    ADD COLUMN IF NOT EXISTS spacing_width_inches FLOAT DEFAULT 0.125,
				    ADD COLUMN IF NOT EXISTS spacing_height_inches FLOAT DEFAULT 0.125""");
	}

	/** The guide's Step 3 as written: one Default Organization, every existing user its admin. */
	private static void stepThree(Connection connection) throws SQLException {
		execute(connection, """
				INSERT INTO organizations (name, description, settings, created_at)
				VALUES ('Default Organization', 'Migrated from single-tenant setup', '{"is_active": true}', '2024-03-31 00:00:00');
				UPDATE users SET org_id = (SELECT id FROM organizations WHERE name = 'Default Organization' LIMIT 1)
				WHERE org_id IS NULL;
				INSERT INTO organization_members (organization_id, user_id, role, joined_at)
				SELECT (SELECT id FROM organizations WHERE name = 'Default Organization' LIMIT 1), id, 'admin', created_at
				FROM users WHERE id NOT IN (SELECT user_id FROM organization_members)""");
	}

}
