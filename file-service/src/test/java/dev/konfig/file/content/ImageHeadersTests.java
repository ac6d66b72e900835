package dev.konfig.file.content;

import java.math.BigDecimal;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.konfig.file.Images;

import static org.assertj.core.api.Assertions.assertThat;

class ImageHeadersTests {

	@ParameterizedTest
	@CsvSource({ "15748, 400", "11811, 300", "2835, 72", "3937, 100" })
	void roundsPngResolutionsToWholeDpi(long pixelsPerMetre, int dpi) {
		ImageFacts facts = read(Images.png(38, 16, pixelsPerMetre));
		assertThat(facts.dpiX()).isEqualByComparingTo(BigDecimal.valueOf(dpi));
		assertThat(facts.dpiY()).isEqualByComparingTo(BigDecimal.valueOf(dpi));
		assertThat(facts.dpiSource()).isEqualTo("png_phys");
	}

	@Test
	void readsPngSizeAlphaAndDepth() {
		ImageFacts facts = read(Images.png(3800, 1600, 15748));
		assertThat(facts.widthPx()).isEqualTo(3800);
		assertThat(facts.heightPx()).isEqualTo(1600);
		assertThat(facts.hasAlpha()).isTrue();
		assertThat(facts.colorType()).isEqualTo("rgba");
		assertThat(facts.bitDepth()).isEqualTo(8);
		assertThat(ImageFacts.inches(facts.widthPx(), facts.dpiX())).isEqualByComparingTo("9.5");
		assertThat(ImageFacts.inches(facts.heightPx(), facts.dpiY())).isEqualByComparingTo("4.0");
	}

	@Test
	void leavesPngResolutionUnknownWithoutPhys() {
		ImageFacts facts = read(Images.png(10, 10, 0, 2, 0));
		assertThat(facts.widthPx()).isEqualTo(10);
		assertThat(facts.colorType()).isEqualTo("rgb");
		assertThat(facts.hasAlpha()).isFalse();
		assertThat(facts.dpiX()).isNull();
		assertThat(facts.dpiSource()).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "1, 300, 300", "2, 118, 299.72", "0, 1, " })
	void readsJfifDensityByUnit(int units, int density, BigDecimal dpi) {
		ImageFacts facts = ImageHeaders.read(MediaTypes.JPEG, HeaderSource.of(Images.jpegJfif(640, 480, units, density,
				density)));
		assertThat(facts.widthPx()).isEqualTo(640);
		assertThat(facts.heightPx()).isEqualTo(480);
		assertThat(facts.colorType()).isEqualTo("ycbcr");
		if (dpi == null) {
			assertThat(facts.dpiX()).isNull();
		}
		else {
			assertThat(facts.dpiX()).isEqualByComparingTo(dpi);
			assertThat(facts.dpiSource()).isEqualTo("jfif");
		}
	}

	@Test
	void readsExifResolutionWhenThereIsNoJfif() {
		ImageFacts facts = ImageHeaders.read(MediaTypes.JPEG, HeaderSource.of(Images.jpegExif(1200, 800, 300, 2)));
		assertThat(facts.widthPx()).isEqualTo(1200);
		assertThat(facts.dpiX()).isEqualByComparingTo("300");
		assertThat(facts.dpiSource()).isEqualTo("exif");
	}

	@Test
	void readsExifCentimetres() {
		ImageFacts facts = ImageHeaders.read(MediaTypes.JPEG, HeaderSource.of(Images.jpegExif(1200, 800, 118, 3)));
		assertThat(facts.dpiX()).isEqualByComparingTo("299.72");
	}

	@Test
	void readsTiff() {
		ImageFacts facts = ImageHeaders.read(MediaTypes.TIFF, HeaderSource.of(Images.tiff(2000, 1000, 600, 2)));
		assertThat(facts.widthPx()).isEqualTo(2000);
		assertThat(facts.heightPx()).isEqualTo(1000);
		assertThat(facts.dpiX()).isEqualByComparingTo("600");
		assertThat(facts.dpiSource()).isEqualTo("tiff");
		assertThat(facts.colorType()).isEqualTo("rgb");
	}

	@Test
	void readsPsdWithResolutionInfo() {
		ImageFacts facts = ImageHeaders.read(MediaTypes.PSD, HeaderSource.of(Images.psd(4000, 3000, 4, 300)));
		assertThat(facts.widthPx()).isEqualTo(4000);
		assertThat(facts.heightPx()).isEqualTo(3000);
		assertThat(facts.dpiX()).isEqualByComparingTo("300");
		assertThat(facts.dpiSource()).isEqualTo("psd");
		assertThat(facts.hasAlpha()).isTrue();
		assertThat(facts.colorType()).isEqualTo("rgba");
	}

	@Test
	void readsWebpCanvasWithoutResolution() {
		ImageFacts facts = ImageHeaders.read(MediaTypes.WEBP, HeaderSource.of(Images.webpLossless(321, 123)));
		assertThat(facts.widthPx()).isEqualTo(321);
		assertThat(facts.heightPx()).isEqualTo(123);
		assertThat(facts.dpiX()).isNull();
	}

	@Test
	void truncatedHeadersGiveWhatParsedAndNeverFail() {
		byte[] png = Images.png(50, 60, 11811);
		for (int length = 0; length < 60; length++) {
			ImageFacts facts = read(Arrays.copyOf(png, length));
			assertThat(facts).isNotNull();
		}
		assertThat(read(Arrays.copyOf(png, 33)).widthPx()).isEqualTo(50);
		byte[] jpeg = Images.jpegJfif(640, 480, 1, 300, 300);
		for (int length = 0; length < jpeg.length; length++) {
			assertThat(ImageHeaders.read(MediaTypes.JPEG, HeaderSource.of(Arrays.copyOf(jpeg, length)))).isNotNull();
		}
	}

	@Test
	void aPngWithTenThousandChunksCostsBoundedWork() {
		byte[] header = Arrays.copyOf(Images.png(20, 20, 0), 33);
		byte[] many = new byte[33 + 10_000 * 12];
		System.arraycopy(header, 0, many, 0, 33);
		for (int i = 0; i < 10_000; i++) {
			int at = 33 + i * 12;
			many[at + 4] = 't';
			many[at + 5] = 'E';
			many[at + 6] = 'X';
			many[at + 7] = 't';
		}
		long started = System.nanoTime();
		ImageFacts facts = read(many);
		assertThat(facts.widthPx()).isEqualTo(20);
		assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
	}

	@Test
	void aJpegWhoseSegmentsLieAboutTheirLengthStillReadsNoMoreThanItHas() {
		byte[] jpeg = Images.jpegJfif(640, 480, 1, 300, 300);
		jpeg[4] = (byte) 0xFF;
		jpeg[5] = (byte) 0xF0;
		ImageFacts facts = ImageHeaders.read(MediaTypes.JPEG, HeaderSource.of(jpeg));
		assertThat(facts.widthPx()).isNull();
	}

	@Test
	void ignoresImpossibleResolutions() {
		assertThat(ImageFacts.dpi(0)).isNull();
		assertThat(ImageFacts.dpi(-3)).isNull();
		assertThat(ImageFacts.dpi(100_001)).isNull();
		assertThat(ImageFacts.dpi(Double.NaN)).isNull();
		assertThat(ImageFacts.dpi(299.96)).isEqualByComparingTo("300");
		assertThat(ImageFacts.dpi(299.9)).isEqualByComparingTo("299.90");
	}

	private static ImageFacts read(byte[] png) {
		return ImageHeaders.read(MediaTypes.PNG, HeaderSource.of(png));
	}

}
