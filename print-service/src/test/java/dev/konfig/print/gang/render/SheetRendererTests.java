package dev.konfig.print.gang.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.konfig.print.gang.Layout;
import dev.konfig.print.gang.LayoutEngine;
import dev.konfig.print.gang.LayoutRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SheetRendererTests {

	@TempDir
	Path dir;

	private final Map<UUID, Path> files = new HashMap<>();

	private final Map<UUID, BufferedImage> sources = new HashMap<>();

	/** An opaque design with a different colour at every pixel, so a shifted or turned copy shows. */
	private UUID design(int width, int height, int seed) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, 0xff000000 | ((x * 7 + seed) & 0xff) << 16 | ((y * 13 + seed) & 0xff) << 8 | (x ^ y) & 0xff);
			}
		}
		UUID id = new UUID(7, seed);
		Path path = this.dir.resolve(id + ".png");
		ImageIO.write(image, "png", path.toFile());
		this.files.put(id, path);
		this.sources.put(id, image);
		return id;
	}

	private byte[] render(Layout.Sheet sheet, int stripRows) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		SheetRenderer.render(sheet, sheet.widthPx(), sheet.lengthPx(), 400, Map.of("Software", "konfig print-service",
				"Comment", "job test sheet 1"), new Designs(this.files::get, 64L << 20), stripRows, out, rows -> {
				});
		return out.toByteArray();
	}

	@Test
	void threeItemsRenderPixelExactTurnedWhereLaidOutTurnedWithExactSpacing() throws IOException {
		UUID a = design(120, 40, 1);
		UUID b = design(30, 90, 2);
		UUID c = design(25, 25, 3);
		LayoutRequest request = new LayoutRequest(300, 2000, 7, 11, 3, LayoutRequest.Rotation.AUTO, 10,
				List.of(new LayoutRequest.Item(0, a, 120, 40, 2), new LayoutRequest.Item(1, b, 30, 90, 3),
						new LayoutRequest.Item(2, c, 25, 25, 4)));
		for (String algorithm : List.of("rows", "maxrects")) {
			Layout layout = LayoutEngine.layout(algorithm, request);
			assertThat(layout.sheets()).hasSize(1);
			Layout.Sheet sheet = layout.sheets().get(0);
			assertThat(sheet.placements()).anyMatch(Layout.Placement::rotated);
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(render(sheet, 16)));
			assertThat(image.getWidth()).isEqualTo(300);
			assertThat(image.getHeight()).isEqualTo(sheet.lengthPx());
			boolean[][] covered = new boolean[image.getHeight()][image.getWidth()];
			for (Layout.Placement p : sheet.placements()) {
				BufferedImage source = this.sources.get(p.fileId());
				for (int y = 0; y < p.height(); y++) {
					for (int x = 0; x < p.width(); x++) {
						int expected = p.rotated() ? source.getRGB(y, source.getHeight() - 1 - x) : source.getRGB(x, y);
						assertThat(image.getRGB(p.x() + x, p.y() + y)).as("%s pixel (%d, %d)", p, x, y).isEqualTo(expected);
						covered[p.y() + y][p.x() + x] = true;
					}
				}
			}
			// Everything else is transparent film.
			for (int y = 0; y < image.getHeight(); y++) {
				for (int x = 0; x < image.getWidth(); x++) {
					if (!covered[y][x]) {
						assertThat(image.getRGB(x, y) >>> 24).as("(%d, %d) transparent", x, y).isZero();
					}
				}
			}
		}
		// On the rendered rows sheet, the gap between two neighbours is exactly the spacing.
		Layout rows = LayoutEngine.layout("rows", request);
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(render(rows.sheets().get(0), 64)));
		Layout.Placement first = rows.sheets().get(0).placements().get(0);
		int y = first.y() + first.height() / 2;
		int x = first.x() + first.width();
		int gap = 0;
		while (image.getRGB(x + gap, y) >>> 24 == 0) {
			gap++;
		}
		assertThat(gap).isEqualTo(7);
		int column = first.x() + first.width() / 2;
		int below = first.y() + first.height();
		int vertical = 0;
		while (image.getRGB(column, below + vertical) >>> 24 == 0) {
			vertical++;
		}
		assertThat(vertical).isEqualTo(11);
		assertThat(first.x()).isEqualTo(3);
		assertThat(image.getRGB(2, y) >>> 24).isZero();
	}

	@Test
	void thePngCarriesTheSheetDpiInPhysAndItsText() throws IOException {
		UUID a = design(10, 10, 4);
		Layout layout = LayoutEngine.layout("rows", new LayoutRequest(100, 100, 0, 0, 0, LayoutRequest.Rotation.AUTO,
				1, List.of(new LayoutRequest.Item(0, a, 10, 10, 3))));
		byte[] png = render(layout.sheets().get(0), 4);
		ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
		reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(png)));
		IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
		IIOMetadataNode phys = (IIOMetadataNode) root.getElementsByTagName("pHYs").item(0);
		assertThat(phys.getAttribute("pixelsPerUnitXAxis")).isEqualTo("15748");
		assertThat(phys.getAttribute("pixelsPerUnitYAxis")).isEqualTo("15748");
		assertThat(phys.getAttribute("unitSpecifier")).isEqualTo("meter");
		IIOMetadataNode ihdr = (IIOMetadataNode) root.getElementsByTagName("IHDR").item(0);
		assertThat(ihdr.getAttribute("colorType")).isEqualTo("RGBAlpha");
		assertThat(ihdr.getAttribute("bitDepth")).isEqualTo("8");
		assertThat(ihdr.getAttribute("interlaceMethod")).isEqualTo("none");
		assertThat(new String(png, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("Comment\0job test sheet 1");
		assertThat(PngStreamWriter.pixelsPerMetre(300)).isEqualTo(11811);
	}

	@Test
	void reducingAveragesAreasAndEnlargingKeepsFlatColoursFlat() {
		int[] checker = new int[] { 0xffff0000, 0xff0000ff, 0xff0000ff, 0xffff0000 };
		// 2 × 2 to 1 × 1: the mean of the four.
		assertThat(Resampler.resize(checker, 2, 2, 1, 1)).containsExactly(0xff800080);
		int[] flat = new int[9];
		java.util.Arrays.fill(flat, 0xff336699);
		assertThat(Resampler.resize(flat, 3, 3, 7, 5)).containsOnly(0xff336699);
		// Half transparent: 8-bit premultiplied samples keep each channel within 1.
		java.util.Arrays.fill(flat, 0x80336699);
		for (int pixel : Resampler.resize(flat, 3, 3, 7, 5)) {
			assertThat(pixel >>> 24).isEqualTo(0x80);
			assertThat((pixel >>> 16) & 0xff).isBetween(0x32, 0x34);
			assertThat((pixel >>> 8) & 0xff).isBetween(0x65, 0x67);
			assertThat(pixel & 0xff).isBetween(0x98, 0x9a);
		}
		// A transparent neighbour does not darken an opaque edge (premultiplied alpha).
		int[] edge = Resampler.resize(new int[] { 0xffffffff, 0x00000000 }, 2, 1, 1, 1);
		assertThat(edge[0]).isEqualTo(0x80ffffff);
	}

	@Test
	void aMissingOrUnreadableDesignFailsWithItsReason() throws IOException {
		Designs designs = new Designs(this.files::get, 1 << 20);
		assertThatThrownBy(() -> designs.pixels(UUID.randomUUID(), 1, 1, false)).isInstanceOfSatisfying(
				RenderFailure.class, failure -> assertThat(failure.reason()).isEqualTo("file-missing"));
		UUID junk = UUID.randomUUID();
		Path path = this.dir.resolve("junk.png");
		Files.writeString(path, "not an image");
		this.files.put(junk, path);
		assertThatThrownBy(() -> designs.pixels(junk, 1, 1, false)).isInstanceOfSatisfying(RenderFailure.class,
				failure -> assertThat(failure.reason()).isEqualTo("file-unreadable"));
	}

	@Test
	void aDesignLargerThanTheDesignBudgetFailsBeforeItIsDecoded() {
		Designs designs = new Designs(this.files::get, 1 << 20);
		// 1000 x 1000 ARGB pixels are 4 MB: more than the 1 MiB budget, whatever the file holds.
		assertThatThrownBy(() -> designs.pixels(UUID.randomUUID(), 1000, 1000, false)).isInstanceOfSatisfying(
				RenderFailure.class, failure -> {
					assertThat(failure.reason()).isEqualTo("design-too-large");
					assertThat(failure.getMessage()).contains("3 MiB").contains("1 MiB");
				});
		assertThatThrownBy(() -> designs.pixels(UUID.randomUUID(), 500, 500, false)).isInstanceOfSatisfying(
				RenderFailure.class, failure -> assertThat(failure.reason()).isEqualTo("file-missing"));
	}

}
