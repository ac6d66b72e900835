package dev.konfig.file.content;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.lang.Nullable;

/**
 * Reads image facts from headers only (FS-7): PNG, JPEG (JFIF, EXIF), TIFF, WebP, PSD and GIF.
 * No pixel is decoded; every loop has a bound and every read counts against the source's
 * budget, so a lying or hostile header yields what could be parsed, never an error.
 */
public final class ImageHeaders {

	private static final Logger log = LoggerFactory.getLogger(ImageHeaders.class);

	/** Most chunks, segments, entries or resources a parser looks at. */
	static final int MAX_STEPS = 4096;

	private static final double INCHES_PER_METRE = 0.0254;

	private static final double CM_PER_INCH = 2.54;

	private ImageHeaders() {
	}

	/** The facts of an image of this (detected) media type; {@link ImageFacts#NONE} for others. */
	public static ImageFacts read(String mediaType, HeaderSource source) {
		try {
			ImageFacts facts = switch (mediaType) {
				case MediaTypes.PNG -> png(source);
				case MediaTypes.JPEG -> jpeg(source);
				case MediaTypes.TIFF -> tiff(source, 0, "tiff");
				case MediaTypes.WEBP -> webp(source);
				case MediaTypes.PSD -> psd(source);
				case MediaTypes.GIF -> gif(source);
				default -> ImageFacts.NONE;
			};
			return (facts != null) ? facts : ImageFacts.NONE;
		}
		catch (RuntimeException ex) {
			log.debug("Image header of type {} not fully readable: {}", mediaType, ex.toString());
			return ImageFacts.NONE;
		}
	}

	// --- PNG: IHDR, tRNS, pHYs before the first IDAT ---

	static ImageFacts png(HeaderSource source) {
		byte[] ihdr = source.read(8, 25);
		if (ihdr.length < 25 || !"IHDR".equals(ascii(ihdr, 4, 4))) {
			return ImageFacts.NONE;
		}
		int width = int32(ihdr, 8, false);
		int height = int32(ihdr, 12, false);
		int bitDepth = ihdr[16] & 0xFF;
		int colorType = ihdr[17] & 0xFF;
		boolean alpha = colorType == 4 || colorType == 6;
		String color = switch (colorType) {
			case 0 -> "gray";
			case 2 -> "rgb";
			case 3 -> "palette";
			case 4 -> "gray_alpha";
			case 6 -> "rgba";
			default -> null;
		};
		BigDecimal dpiX = null;
		BigDecimal dpiY = null;
		long position = 8 + 25;
		for (int step = 0; step < MAX_STEPS; step++) {
			byte[] header = source.read(position, 8);
			if (header.length < 8) {
				break;
			}
			long length = int32(header, 0, false) & 0xFFFFFFFFL;
			String type = ascii(header, 4, 4);
			if ("IDAT".equals(type) || "IEND".equals(type)) {
				break;
			}
			if ("tRNS".equals(type)) {
				alpha = true;
			}
			else if ("pHYs".equals(type) && length >= 9) {
				byte[] phys = source.read(position + 8, 9);
				if (phys.length == 9 && phys[8] == 1) {
					dpiX = ImageFacts.dpi((int32(phys, 0, false) & 0xFFFFFFFFL) * INCHES_PER_METRE);
					dpiY = ImageFacts.dpi((int32(phys, 4, false) & 0xFFFFFFFFL) * INCHES_PER_METRE);
				}
			}
			position += 8 + length + 4;
		}
		return new ImageFacts(width, height, dpiX, dpiY, "png_phys", alpha, color, bitDepth);
	}

	// --- JPEG: SOFn for size, APP0 JFIF or APP1 EXIF for the resolution ---

	static ImageFacts jpeg(HeaderSource source) {
		Integer width = null;
		Integer height = null;
		Integer precision = null;
		String color = null;
		BigDecimal[] jfif = null;
		ImageFacts exif = null;
		long position = 2;
		for (int step = 0; step < MAX_STEPS; step++) {
			byte[] marker = source.read(position, 4);
			if (marker.length < 2 || (marker[0] & 0xFF) != 0xFF) {
				break;
			}
			int code = marker[1] & 0xFF;
			if (code == 0xFF) {
				// Fill bytes before a marker.
				position++;
				continue;
			}
			if (code == 0xD8 || code == 0x01 || (code >= 0xD0 && code <= 0xD7)) {
				position += 2;
				continue;
			}
			if (code == 0xD9 || code == 0xDA || marker.length < 4) {
				break;
			}
			int length = uint16(marker, 2, false);
			if (length < 2) {
				break;
			}
			long data = position + 4;
			int dataLength = length - 2;
			if (isStartOfFrame(code)) {
				byte[] frame = source.read(data, 6);
				if (frame.length == 6) {
					precision = frame[0] & 0xFF;
					height = uint16(frame, 1, false);
					width = uint16(frame, 3, false);
					color = switch (frame[5] & 0xFF) {
						case 1 -> "gray";
						case 3 -> "ycbcr";
						case 4 -> "cmyk";
						default -> null;
					};
				}
				break;
			}
			if (code == 0xE0 && jfif == null && dataLength >= 12) {
				byte[] app0 = source.read(data, 12);
				if (app0.length == 12 && "JFIF".equals(ascii(app0, 0, 4)) && app0[4] == 0) {
					int units = app0[7] & 0xFF;
					double x = uint16(app0, 8, false);
					double y = uint16(app0, 10, false);
					if (units == 1) {
						jfif = new BigDecimal[] { ImageFacts.dpi(x), ImageFacts.dpi(y) };
					}
					else if (units == 2) {
						jfif = new BigDecimal[] { ImageFacts.dpi(x * CM_PER_INCH), ImageFacts.dpi(y * CM_PER_INCH) };
					}
				}
			}
			else if (code == 0xE1 && exif == null && dataLength > 14) {
				byte[] signature = source.read(data, 6);
				if (signature.length == 6 && "Exif".equals(ascii(signature, 0, 4)) && signature[4] == 0) {
					exif = tiff(source, data + 6, "exif");
				}
			}
			position = data + dataLength;
		}
		ImageFacts facts = new ImageFacts(width, height, null, null, null, false, color, precision);
		if (jfif != null && jfif[0] != null && jfif[1] != null) {
			return facts.withDpi(jfif[0], jfif[1], "jfif");
		}
		if (exif != null && exif.dpiX() != null) {
			return facts.withDpi(exif.dpiX(), exif.dpiY(), "exif");
		}
		return facts;
	}

	private static boolean isStartOfFrame(int code) {
		return code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC;
	}

	// --- TIFF (and EXIF, which is a TIFF structure): the first IFD ---

	static ImageFacts tiff(HeaderSource source, long base, String dpiSource) {
		byte[] header = source.read(base, 8);
		if (header.length < 8) {
			return ImageFacts.NONE;
		}
		boolean little;
		if (header[0] == 'I' && header[1] == 'I') {
			little = true;
		}
		else if (header[0] == 'M' && header[1] == 'M') {
			little = false;
		}
		else {
			return ImageFacts.NONE;
		}
		if (uint16(header, 2, little) != 42) {
			return ImageFacts.NONE;
		}
		long ifd = base + (int32(header, 4, little) & 0xFFFFFFFFL);
		byte[] countBytes = source.read(ifd, 2);
		if (countBytes.length < 2) {
			return ImageFacts.NONE;
		}
		int count = Math.min(uint16(countBytes, 0, little), MAX_STEPS);
		byte[] entries = source.read(ifd + 2, count * 12);
		Integer width = null;
		Integer height = null;
		Integer bits = null;
		int photometric = -1;
		int samples = -1;
		boolean extraSamples = false;
		double xResolution = 0;
		double yResolution = 0;
		int unit = 2;
		for (int i = 0; i + 12 <= entries.length; i += 12) {
			int tag = uint16(entries, i, little);
			int type = uint16(entries, i + 2, little);
			long valueCount = int32(entries, i + 4, little) & 0xFFFFFFFFL;
			switch (tag) {
				case 0x0100 -> width = (int) shortOrLong(entries, i, type, little);
				case 0x0101 -> height = (int) shortOrLong(entries, i, type, little);
				case 0x0102 -> bits = (valueCount <= 2) ? (int) shortOrLong(entries, i, type, little)
						: firstShortAt(source, base, entries, i, little);
				case 0x0106 -> photometric = (int) shortOrLong(entries, i, type, little);
				case 0x0115 -> samples = (int) shortOrLong(entries, i, type, little);
				case 0x0152 -> extraSamples = true;
				case 0x011A -> xResolution = rational(source, base, entries, i, little);
				case 0x011B -> yResolution = rational(source, base, entries, i, little);
				case 0x0128 -> unit = (int) shortOrLong(entries, i, type, little);
				default -> {
				}
			}
		}
		String color = switch (photometric) {
			case 0, 1 -> extraSamples ? "gray_alpha" : "gray";
			case 2 -> (extraSamples || samples >= 4) ? "rgba" : "rgb";
			case 3 -> "palette";
			case 5 -> "cmyk";
			case 6 -> "ycbcr";
			default -> null;
		};
		Boolean alpha = (photometric < 0) ? null : extraSamples || (photometric == 2 && samples >= 4);
		ImageFacts facts = new ImageFacts(width, height, null, null, null, alpha, color, bits);
		double factor = switch (unit) {
			case 2 -> 1;
			case 3 -> CM_PER_INCH;
			default -> 0;
		};
		if (factor > 0) {
			BigDecimal x = ImageFacts.dpi(xResolution * factor);
			BigDecimal y = ImageFacts.dpi(yResolution * factor);
			if (x != null && y != null) {
				return facts.withDpi(x, y, dpiSource);
			}
		}
		return facts;
	}

	private static long shortOrLong(byte[] entries, int i, int type, boolean little) {
		return (type == 3) ? uint16(entries, i + 8, little) : int32(entries, i + 8, little) & 0xFFFFFFFFL;
	}

	@Nullable
	private static Integer firstShortAt(HeaderSource source, long base, byte[] entries, int i, boolean little) {
		long offset = int32(entries, i + 8, little) & 0xFFFFFFFFL;
		byte[] value = source.read(base + offset, 2);
		return (value.length == 2) ? uint16(value, 0, little) : null;
	}

	private static double rational(HeaderSource source, long base, byte[] entries, int i, boolean little) {
		long offset = int32(entries, i + 8, little) & 0xFFFFFFFFL;
		byte[] value = source.read(base + offset, 8);
		if (value.length < 8) {
			return 0;
		}
		long numerator = int32(value, 0, little) & 0xFFFFFFFFL;
		long denominator = int32(value, 4, little) & 0xFFFFFFFFL;
		return (denominator == 0) ? 0 : (double) numerator / denominator;
	}

	// --- WebP: canvas size from VP8 / VP8L / VP8X; DPI only from an EXIF chunk ---

	static ImageFacts webp(HeaderSource source) {
		long position = 12;
		Integer width = null;
		Integer height = null;
		Boolean alpha = null;
		ImageFacts exif = null;
		for (int step = 0; step < MAX_STEPS; step++) {
			byte[] header = source.read(position, 8);
			if (header.length < 8) {
				break;
			}
			String type = ascii(header, 0, 4);
			long length = int32(header, 4, true) & 0xFFFFFFFFL;
			long data = position + 8;
			switch (type) {
				case "VP8X" -> {
					byte[] chunk = source.read(data, 10);
					if (chunk.length == 10) {
						alpha = (chunk[0] & 0x10) != 0;
						width = uint24(chunk, 4) + 1;
						height = uint24(chunk, 7) + 1;
					}
				}
				case "VP8 " -> {
					byte[] chunk = source.read(data, 10);
					if (width == null && chunk.length == 10 && (chunk[3] & 0xFF) == 0x9D && (chunk[4] & 0xFF) == 0x01
							&& (chunk[5] & 0xFF) == 0x2A) {
						width = uint16(chunk, 6, true) & 0x3FFF;
						height = uint16(chunk, 8, true) & 0x3FFF;
						alpha = (alpha != null) && alpha;
					}
				}
				case "VP8L" -> {
					byte[] chunk = source.read(data, 5);
					if (width == null && chunk.length == 5 && (chunk[0] & 0xFF) == 0x2F) {
						long bits = int32(chunk, 1, true) & 0xFFFFFFFFL;
						width = (int) (bits & 0x3FFF) + 1;
						height = (int) ((bits >> 14) & 0x3FFF) + 1;
						alpha = ((bits >> 28) & 1) == 1;
					}
				}
				case "EXIF" -> {
					byte[] prefix = source.read(data, 6);
					long tiff = (prefix.length == 6 && "Exif".equals(ascii(prefix, 0, 4))) ? data + 6 : data;
					exif = tiff(source, tiff, "exif");
				}
				default -> {
				}
			}
			position = data + length + (length & 1);
		}
		ImageFacts facts = new ImageFacts(width, height, null, null, null, alpha,
				(alpha == null) ? null : (alpha ? "rgba" : "rgb"), 8);
		if (exif != null && exif.dpiX() != null) {
			return facts.withDpi(exif.dpiX(), exif.dpiY(), "exif");
		}
		return facts;
	}

	// --- PSD: header, then image resource 0x03ED (ResolutionInfo) ---

	static ImageFacts psd(HeaderSource source) {
		byte[] header = source.read(0, 26);
		if (header.length < 26) {
			return ImageFacts.NONE;
		}
		int channels = uint16(header, 12, false);
		int height = int32(header, 14, false);
		int width = int32(header, 18, false);
		int depth = uint16(header, 22, false);
		int mode = uint16(header, 24, false);
		int colorChannels = switch (mode) {
			case 0, 1, 2, 8 -> 1;
			case 3, 9 -> 3;
			case 4 -> 4;
			default -> channels;
		};
		String color = switch (mode) {
			case 0, 1, 8 -> "gray";
			case 2 -> "palette";
			case 3 -> "rgb";
			case 4 -> "cmyk";
			case 7 -> "multichannel";
			case 9 -> "lab";
			default -> null;
		};
		boolean alpha = channels > colorChannels;
		if (alpha && "rgb".equals(color)) {
			color = "rgba";
		}
		ImageFacts facts = new ImageFacts(width, height, null, null, null, alpha, color, depth);
		byte[] colorModeLength = source.read(26, 4);
		if (colorModeLength.length < 4) {
			return facts;
		}
		long resources = 26 + 4 + (int32(colorModeLength, 0, false) & 0xFFFFFFFFL);
		byte[] resourcesLength = source.read(resources, 4);
		if (resourcesLength.length < 4) {
			return facts;
		}
		long end = resources + 4 + (int32(resourcesLength, 0, false) & 0xFFFFFFFFL);
		long position = resources + 4;
		for (int step = 0; step < MAX_STEPS && position + 12 <= end; step++) {
			byte[] block = source.read(position, 7);
			if (block.length < 7 || !"8BIM".equals(ascii(block, 0, 4))) {
				break;
			}
			int id = uint16(block, 4, false);
			int nameLength = block[6] & 0xFF;
			// The name is a Pascal string padded to an even length (length byte included).
			long sizeAt = position + 6 + ((nameLength + 2) & ~1);
			byte[] sizeBytes = source.read(sizeAt, 4);
			if (sizeBytes.length < 4) {
				break;
			}
			long size = int32(sizeBytes, 0, false) & 0xFFFFFFFFL;
			long data = sizeAt + 4;
			if (id == 0x03ED && size >= 16) {
				byte[] info = source.read(data, 16);
				if (info.length == 16) {
					// hRes and vRes are 16.16 fixed point pixels per inch, whatever unit the UI shows.
					double x = (int32(info, 0, false) & 0xFFFFFFFFL) / 65536.0;
					double y = (int32(info, 8, false) & 0xFFFFFFFFL) / 65536.0;
					BigDecimal dpiX = ImageFacts.dpi(x);
					BigDecimal dpiY = ImageFacts.dpi(y);
					if (dpiX != null && dpiY != null) {
						return facts.withDpi(dpiX, dpiY, "psd");
					}
				}
				return facts;
			}
			position = data + size + (size & 1);
		}
		return facts;
	}

	// --- GIF: logical screen size, no resolution ---

	static ImageFacts gif(HeaderSource source) {
		byte[] header = source.read(0, 11);
		if (header.length < 11) {
			return ImageFacts.NONE;
		}
		int width = uint16(header, 6, true);
		int height = uint16(header, 8, true);
		return new ImageFacts(width, height, null, null, null, null, "palette", 8);
	}

	// --- bytes ---

	private static String ascii(byte[] bytes, int offset, int length) {
		if (bytes.length < offset + length) {
			return "";
		}
		return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
	}

	static int uint16(byte[] b, int i, boolean little) {
		return little ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 : (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
	}

	private static int uint24(byte[] b, int i) {
		return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16;
	}

	static int int32(byte[] b, int i, boolean little) {
		return little ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24
				: (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
	}

}
