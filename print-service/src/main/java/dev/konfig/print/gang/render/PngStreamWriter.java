package dev.konfig.print.gang.render;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A PNG written row by row (RN-5): 8-bit RGBA, non-interlaced, {@code pHYs} in pixels per metre
 * from the DPI, {@code tEXt} entries; the rows are deflated as they come and leave in IDAT chunks
 * of at most 64 KiB, so nothing but one strip and the deflater's window is held.
 */
public final class PngStreamWriter implements AutoCloseable {

	private static final byte[] SIGNATURE = { (byte) 137, 80, 78, 71, 13, 10, 26, 10 };

	private static final int CHUNK = 64 * 1024;

	private final OutputStream out;

	private final int width;

	private final int height;

	private final Deflater deflater;

	private final byte[] raw;

	private final byte[] compressed = new byte[CHUNK];

	private int rowsWritten;

	/**
	 * @param level the deflate level; 1 is fast and still packs transparent film well
	 */
	public PngStreamWriter(OutputStream out, int width, int height, int dpi, Map<String, String> text, int level)
			throws IOException {
		this.out = out;
		this.width = width;
		this.height = height;
		this.deflater = new Deflater(level);
		this.raw = new byte[1 + width * 4];
		out.write(SIGNATURE);
		byte[] header = new byte[13];
		putInt(header, 0, width);
		putInt(header, 4, height);
		header[8] = 8;
		header[9] = 6;
		chunk("IHDR", header, header.length);
		byte[] physical = new byte[9];
		int perMetre = pixelsPerMetre(dpi);
		putInt(physical, 0, perMetre);
		putInt(physical, 4, perMetre);
		physical[8] = 1;
		chunk("pHYs", physical, physical.length);
		for (Map.Entry<String, String> entry : text.entrySet()) {
			byte[] key = entry.getKey().getBytes(StandardCharsets.ISO_8859_1);
			byte[] value = entry.getValue().getBytes(StandardCharsets.ISO_8859_1);
			byte[] data = new byte[key.length + 1 + value.length];
			System.arraycopy(key, 0, data, 0, key.length);
			System.arraycopy(value, 0, data, key.length + 1, value.length);
			chunk("tEXt", data, data.length);
		}
	}

	/** {@code round(dpi / 0.0254)}: 15748 at 400 DPI. */
	public static int pixelsPerMetre(int dpi) {
		return (int) Math.round(dpi / 0.0254);
	}

	/** Writes {@code rows} rows of ARGB pixels (non-premultiplied) from {@code argb}, row stride {@code width}. */
	public void writeRows(int[] argb, int rows) throws IOException {
		if (this.rowsWritten + rows > this.height) {
			throw new IllegalStateException("More rows than the image has");
		}
		byte[] row = this.raw;
		for (int r = 0; r < rows; r++) {
			row[0] = 0;
			int offset = r * this.width;
			int b = 1;
			for (int x = 0; x < this.width; x++) {
				int pixel = argb[offset + x];
				row[b] = (byte) (pixel >>> 16);
				row[b + 1] = (byte) (pixel >>> 8);
				row[b + 2] = (byte) pixel;
				row[b + 3] = (byte) (pixel >>> 24);
				b += 4;
			}
			this.deflater.setInput(row);
			while (!this.deflater.needsInput()) {
				drain(Deflater.NO_FLUSH);
			}
		}
		this.rowsWritten += rows;
	}

	/** Ends the image data and the file; the rows written must be the image's height. */
	public void finish() throws IOException {
		if (this.rowsWritten != this.height) {
			throw new IllegalStateException("Wrote " + this.rowsWritten + " of " + this.height + " rows");
		}
		this.deflater.finish();
		while (!this.deflater.finished()) {
			drain(Deflater.NO_FLUSH);
		}
		chunk("IEND", new byte[0], 0);
		this.out.flush();
	}

	private void drain(int flush) throws IOException {
		int n = this.deflater.deflate(this.compressed, 0, this.compressed.length, flush);
		if (n > 0) {
			chunk("IDAT", this.compressed, n);
		}
	}

	private void chunk(String type, byte[] data, int length) throws IOException {
		byte[] head = new byte[8];
		putInt(head, 0, length);
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(name, 0, head, 4, 4);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data, 0, length);
		this.out.write(head);
		this.out.write(data, 0, length);
		byte[] tail = new byte[4];
		putInt(tail, 0, (int) crc.getValue());
		this.out.write(tail);
	}

	private static void putInt(byte[] target, int at, int value) {
		target[at] = (byte) (value >>> 24);
		target[at + 1] = (byte) (value >>> 16);
		target[at + 2] = (byte) (value >>> 8);
		target[at + 3] = (byte) value;
	}

	@Override
	public void close() {
		this.deflater.end();
	}

}
