package dev.konfig.file.content;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.konfig.file.Images;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTypesTests {

	@Test
	void detectsEachMagic() {
		assertThat(MediaTypes.detect(Images.png(1, 1, 0))).isEqualTo(MediaTypes.PNG);
		assertThat(MediaTypes.detect(Images.jpegJfif(1, 1, 0, 1, 1))).isEqualTo(MediaTypes.JPEG);
		assertThat(MediaTypes.detect(ascii("GIF89a\u0001\u0000\u0001\u0000"))).isEqualTo(MediaTypes.GIF);
		assertThat(MediaTypes.detect(ascii("GIF87a\u0001\u0000\u0001\u0000"))).isEqualTo(MediaTypes.GIF);
		assertThat(MediaTypes.detect(Images.webpLossless(2, 2))).isEqualTo(MediaTypes.WEBP);
		assertThat(MediaTypes.detect(Images.tiff(1, 1, 72, 2))).isEqualTo(MediaTypes.TIFF);
		assertThat(MediaTypes.detect(new byte[] { 'M', 'M', 0, 42, 0, 0, 0, 8 })).isEqualTo(MediaTypes.TIFF);
		assertThat(MediaTypes.detect(ascii("%PDF-1.7\n"))).isEqualTo(MediaTypes.PDF);
		assertThat(MediaTypes.detect(Images.psd(1, 1, 3, 72))).isEqualTo(MediaTypes.PSD);
		assertThat(MediaTypes.detect(new byte[] { 'P', 'K', 3, 4, 20, 0 })).isEqualTo(MediaTypes.ZIP);
		assertThat(MediaTypes.detect(ascii("just some text"))).isEqualTo(MediaTypes.OCTET_STREAM);
		assertThat(MediaTypes.detect(new byte[0])).isEqualTo(MediaTypes.OCTET_STREAM);
	}

	@ParameterizedTest
	@ValueSource(strings = { "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
			"\uFEFF<?xml version=\"1.0\"?>\n<svg width=\"1\"></svg>",
			"<?xml version=\"1.0\"?><!-- made by a tool --><!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
					+ "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\"><svg></svg>",
			"  \n<!-- a > b --><svg>" })
	void detectsSvgAfterDeclarationsCommentsAndDoctype(String text) {
		assertThat(MediaTypes.detect(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(MediaTypes.SVG);
	}

	@ParameterizedTest
	@ValueSource(strings = { "<html><svg></svg></html>", "<svgx>", "text <svg>", "<!-- unterminated <svg>",
			"<!DOCTYPE html><html>" })
	void htmlAndLookAlikesAreNotSvg(String text) {
		assertThat(MediaTypes.detect(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(MediaTypes.OCTET_STREAM);
	}

	@Test
	void htmlRenamedPngIsNotAnImage() {
		assertThat(MediaTypes.detect(ascii("<!DOCTYPE html><html><body>hi</body></html>")))
			.isEqualTo(MediaTypes.OCTET_STREAM);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

}
