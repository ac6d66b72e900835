package dev.konfig.file;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Small, valid image files built byte by byte, with exactly the header facts a test needs. */
public final class Images {

	private Images() {
	}

	/** An RGBA PNG; {@code pixelsPerMetre} 0 leaves out the {@code pHYs} chunk. */
	public static byte[] png(int width, int height, long pixelsPerMetre) {
		return png(width, height, pixelsPerMetre, 6, 0);
	}

	/** A PNG of a colour type (2 rgb, 6 rgba, ...); {@code seed} varies the pixels (so the hash). */
	public static byte[] png(int width, int height, long pixelsPerMetre, int colorType, int seed) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A });
		ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) colorType)
			.put((byte) 0).put((byte) 0).put((byte) 0);
		chunk(out, "IHDR", ihdr.array());
		if (pixelsPerMetre > 0) {
			ByteBuffer phys = ByteBuffer.allocate(9).putInt((int) pixelsPerMetre).putInt((int) pixelsPerMetre)
				.put((byte) 1);
			chunk(out, "pHYs", phys.array());
		}
		int channels = (colorType == 6) ? 4 : (colorType == 2) ? 3 : 1;
		byte[] raw = new byte[height * (1 + width * channels)];
		for (int i = 0; i < raw.length; i++) {
			raw[i] = (i % (1 + width * channels) == 0) ? 0 : (byte) (i * 31 + seed);
		}
		Deflater deflater = new Deflater();
		deflater.setInput(raw);
		deflater.finish();
		byte[] buffer = new byte[raw.length + 64];
		int length = deflater.deflate(buffer);
		byte[] idat = new byte[length];
		System.arraycopy(buffer, 0, idat, 0, length);
		chunk(out, "IDAT", idat);
		chunk(out, "IEND", new byte[0]);
		return out.toByteArray();
	}

	/** An RGBA PNG of random pixels: it does not compress, so its size is about 4 bytes a pixel. */
	public static byte[] noisyPng(int width, int height, long pixelsPerMetre, long seed) {
		java.util.Random random = new java.util.Random(seed);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A });
		chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 6)
			.put((byte) 0).put((byte) 0).put((byte) 0).array());
		chunk(out, "pHYs", ByteBuffer.allocate(9).putInt((int) pixelsPerMetre).putInt((int) pixelsPerMetre)
			.put((byte) 1).array());
		byte[] raw = new byte[height * (1 + width * 4)];
		random.nextBytes(raw);
		for (int row = 0; row < height; row++) {
			raw[row * (1 + width * 4)] = 0;
		}
		Deflater deflater = new Deflater();
		deflater.setInput(raw);
		deflater.finish();
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		while (!deflater.finished()) {
			compressed.write(buffer, 0, deflater.deflate(buffer));
		}
		chunk(out, "IDAT", compressed.toByteArray());
		chunk(out, "IEND", new byte[0]);
		return out.toByteArray();
	}

	/**
	 * A JPEG header (no scan data: enough for the header reader): JFIF with {@code units}
	 * (0 none, 1 per inch, 2 per cm) and density, then a baseline frame.
	 */
	public static byte[] jpegJfif(int width, int height, int units, int xDensity, int yDensity) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xD8 });
		ByteBuffer app0 = ByteBuffer.allocate(16)
			.putShort((short) 16)
			.put("JFIF".getBytes(StandardCharsets.US_ASCII))
			.put((byte) 0)
			.put((byte) 1)
			.put((byte) 2)
			.put((byte) units)
			.putShort((short) xDensity)
			.putShort((short) yDensity)
			.put((byte) 0)
			.put((byte) 0);
		segment(out, 0xE0, app0.array());
		frame(out, width, height);
		return out.toByteArray();
	}

	/** A JPEG with only an EXIF resolution (big-endian TIFF inside APP1). */
	public static byte[] jpegExif(int width, int height, int dpi, int resolutionUnit) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xD8 });
		byte[] tiff = tiffHeader(ByteOrder.BIG_ENDIAN, 0, 0, dpi, resolutionUnit);
		ByteBuffer app1 = ByteBuffer.allocate(2 + 6 + tiff.length)
			.putShort((short) (2 + 6 + tiff.length))
			.put("Exif".getBytes(StandardCharsets.US_ASCII))
			.put((byte) 0)
			.put((byte) 0)
			.put(tiff);
		segment(out, 0xE1, app1.array());
		frame(out, width, height);
		return out.toByteArray();
	}

	/** A TIFF (little-endian) whose first IFD holds size, RGB, 8 bits and the resolution. */
	public static byte[] tiff(int width, int height, int dpi, int resolutionUnit) {
		return tiffHeader(ByteOrder.LITTLE_ENDIAN, width, height, dpi, resolutionUnit);
	}

	/** A PSD header with a ResolutionInfo resource (RGB, 8 bits). */
	public static byte[] psd(int width, int height, int channels, int dpi) {
		ByteBuffer resource = ByteBuffer.allocate(4 + 2 + 2 + 4 + 16)
			.put("8BIM".getBytes(StandardCharsets.US_ASCII))
			.putShort((short) 0x03ED)
			.putShort((short) 0)
			.putInt(16)
			.putInt(dpi << 16)
			.putShort((short) 1)
			.putShort((short) 1)
			.putInt(dpi << 16)
			.putShort((short) 1)
			.putShort((short) 1);
		ByteBuffer psd = ByteBuffer.allocate(26 + 4 + 4 + resource.capacity() + 16)
			.put("8BPS".getBytes(StandardCharsets.US_ASCII))
			.putShort((short) 1)
			.put(new byte[6])
			.putShort((short) channels)
			.putInt(height)
			.putInt(width)
			.putShort((short) 8)
			.putShort((short) 3)
			.putInt(0)
			.putInt(resource.capacity())
			.put(resource.array());
		return psd.array();
	}

	/** A lossless WebP header (VP8L) without alpha. */
	public static byte[] webpLossless(int width, int height) {
		long bits = (width - 1) | ((long) (height - 1) << 14);
		ByteBuffer webp = ByteBuffer.allocate(12 + 8 + 6).order(ByteOrder.LITTLE_ENDIAN)
			.put("RIFF".getBytes(StandardCharsets.US_ASCII))
			.putInt(4 + 8 + 6)
			.put("WEBP".getBytes(StandardCharsets.US_ASCII))
			.put("VP8L".getBytes(StandardCharsets.US_ASCII))
			.putInt(5)
			.put((byte) 0x2F)
			.putInt((int) bits)
			.put((byte) 0);
		return webp.array();
	}

	private static byte[] tiffHeader(ByteOrder order, int width, int height, int dpi, int unit) {
		int entries = (width > 0) ? 6 : 3;
		int ifdSize = 2 + entries * 12 + 4;
		int rationals = 8 + ifdSize;
		ByteBuffer tiff = ByteBuffer.allocate(rationals + 16).order(order);
		tiff.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M'));
		tiff.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M'));
		tiff.putShort((short) 42).putInt(8);
		tiff.putShort((short) entries);
		if (width > 0) {
			entry(tiff, 0x0100, 4, 1, width);
			entry(tiff, 0x0101, 4, 1, height);
			entry(tiff, 0x0106, 3, 1, 2);
		}
		entry(tiff, 0x011A, 5, 1, rationals);
		entry(tiff, 0x011B, 5, 1, rationals + 8);
		entry(tiff, 0x0128, 3, 1, unit);
		tiff.putInt(0);
		tiff.putInt(dpi).putInt(1).putInt(dpi).putInt(1);
		return tiff.array();
	}

	private static void entry(ByteBuffer tiff, int tag, int type, int count, int value) {
		tiff.putShort((short) tag).putShort((short) type).putInt(count);
		if (type == 3) {
			tiff.putShort((short) value).putShort((short) 0);
		}
		else {
			tiff.putInt(value);
		}
	}

	private static void frame(ByteArrayOutputStream out, int width, int height) {
		ByteBuffer sof = ByteBuffer.allocate(2 + 6 + 9)
			.putShort((short) 17)
			.put((byte) 8)
			.putShort((short) height)
			.putShort((short) width)
			.put((byte) 3)
			.put(new byte[] { 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 });
		segment(out, 0xC0, sof.array());
		out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xD9 });
	}

	private static void segment(ByteArrayOutputStream out, int marker, byte[] withLength) {
		out.write(0xFF);
		out.write(marker);
		out.writeBytes(withLength);
	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		out.writeBytes(name);
		out.writeBytes(data);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data);
		out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

}
