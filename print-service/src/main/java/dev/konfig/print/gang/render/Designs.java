package dev.konfig.print.gang.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The designs of one job at their sheet size (RN-2, RN-3): each decoded from its local copy
 * (subsampled by the reader when it is at least twice the size needed, so a huge source is never
 * decoded whole), resampled once, turned when placed turned, and kept in a cache bounded in bytes
 * (least recently used first out); a design larger than the whole cache is refused (the job fails
 * with {@code design-too-large}) instead of risking the service's heap.
 */
public final class Designs {

	private final Function<UUID, Path> files;

	private final long cacheBytes;

	private final Map<Key, int[]> cache = new LinkedHashMap<>(16, 0.75f, true);

	private long cached;

	/**
	 * @param files the local copy of each design's file
	 * @param cacheBytes the most the scaled designs may take together
	 */
	public Designs(Function<UUID, Path> files, long cacheBytes) {
		this.files = files;
		this.cacheBytes = cacheBytes;
	}

	private record Key(UUID fileId, int width, int height, boolean rotated) {
	}

	/**
	 * The design's ARGB pixels at {@code width × height} (its unturned size on the sheet), turned
	 * 90° clockwise when {@code rotated} (then {@code height} pixels wide).
	 */
	public int[] pixels(UUID fileId, int width, int height, boolean rotated) {
		Key key = new Key(fileId, width, height, rotated);
		int[] found = this.cache.get(key);
		if (found != null) {
			return found;
		}
		long needed = (long) width * height * 4;
		if (needed > this.cacheBytes) {
			// Held whole while drawn: refused rather than risking the heap of the whole service.
			throw new RenderFailure("design-too-large", "The design file " + fileId + " needs " + (needed >> 20)
					+ " MiB at its size on the sheet, more than the " + (this.cacheBytes >> 20)
					+ " MiB the renderer may hold for designs; print it at a lower DPI or give print-service more memory");
		}
		Decoded source = decoded(fileId, width, height);
		int[] scaled = Resampler.resize(source.pixels(), source.width(), source.height(), width, height);
		int[] pixels = rotated ? rotate(scaled, width, height) : scaled;
		long bytes = (long) pixels.length * 4;
		while (!this.cache.isEmpty() && this.cached + bytes > this.cacheBytes) {
			Iterator<Map.Entry<Key, int[]>> eldest = this.cache.entrySet().iterator();
			this.cached -= (long) eldest.next().getValue().length * 4;
			eldest.remove();
		}
		this.cache.put(key, pixels);
		this.cached += bytes;
		return pixels;
	}

	private record Decoded(int[] pixels, int width, int height) {
	}

	private Decoded decoded(UUID fileId, int width, int height) {
		Path path = this.files.apply(fileId);
		if (path == null || !Files.isRegularFile(path)) {
			throw new RenderFailure("file-missing", "The design file " + fileId + " is missing");
		}
		try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
			Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
			if (readers == null || !readers.hasNext()) {
				throw new RenderFailure("file-unreadable", "The design file " + fileId + " is not an image this "
						+ "renderer decodes (PNG, JPEG, TIFF)");
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				int sourceWidth = reader.getWidth(0);
				int sourceHeight = reader.getHeight(0);
				ImageReadParam param = reader.getDefaultReadParam();
				int stepX = Math.max(1, sourceWidth / Math.max(1, width));
				int stepY = Math.max(1, sourceHeight / Math.max(1, height));
				if (stepX > 1 || stepY > 1) {
					param.setSourceSubsampling(stepX, stepY, 0, 0);
				}
				BufferedImage image = reader.read(0, param);
				int w = image.getWidth();
				int h = image.getHeight();
				// Gray, RGB, palettes and 16-bit samples all come out as 8-bit ARGB.
				return new Decoded(image.getRGB(0, 0, w, h, null, 0, w), w, h);
			}
			finally {
				reader.dispose();
			}
		}
		catch (IIOException ex) {
			String message = String.valueOf(ex.getMessage());
			if (message.contains("Unsupported Image Type") || message.contains("CMYK")) {
				throw new RenderFailure("unsupported-color-space", "The design file " + fileId
						+ " uses a colour space the renderer does not take (CMYK)", ex);
			}
			throw new RenderFailure("file-unreadable", "The design file " + fileId + " cannot be decoded: " + message, ex);
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof RenderFailure failure) {
				throw failure;
			}
			throw new RenderFailure("file-unreadable", "The design file " + fileId + " cannot be decoded: " + ex, ex);
		}
	}

	/** 90° clockwise: the turned image's {@code (x, y)} is the design's {@code (y, h − 1 − x)}. */
	static int[] rotate(int[] pixels, int width, int height) {
		int[] turned = new int[pixels.length];
		for (int y = 0; y < width; y++) {
			int row = y * height;
			for (int x = 0; x < height; x++) {
				turned[row + x] = pixels[(height - 1 - x) * width + y];
			}
		}
		return turned;
	}

}
