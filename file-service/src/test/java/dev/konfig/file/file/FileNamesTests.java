package dev.konfig.file.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "../../etc/passwd|passwd", "C:\\x\\y.png|y.png", "a/b\\c.png|c.png",
			"  cup wrap.png  |cup wrap.png", "design.png...|design.png", "..|unnamed", ".|unnamed", "/|unnamed",
			"dir/|unnamed", "''|unnamed", "Sunflower cup wrap.png|Sunflower cup wrap.png" })
	void keepsTheLastSegmentTrimmed(String given, String expected) {
		assertThat(FileNames.display(given)).isEqualTo(expected);
	}

	@Test
	void removesControlCharacters() {
		assertThat(FileNames.display("a\u0000b\u001Fc\u007Fd\u0085e\r\n.png")).isEqualTo("abcde.png");
		assertThat(FileNames.original("a\u0000b\nc")).isEqualTo("abc");
	}

	@Test
	void normalizesToNfc() {
		assertThat(FileNames.display("Cafe\u0301.png")).isEqualTo("Caf\u00e9.png");
	}

	@Test
	void cutsLongNamesKeepingTheExtension() {
		String name = "x".repeat(10_000) + ".png";
		String display = FileNames.display(name);
		assertThat(display).hasSize(255).endsWith(".png").startsWith("xxx");
		assertThat(FileNames.original(name)).hasSize(1024);
	}

	@Test
	void neverSplitsACharacterOutsideTheBasicPlane() {
		String display = FileNames.display("\uD83C\uDF3B".repeat(300));
		assertThat(display.codePointCount(0, display.length())).isEqualTo(255);
		assertThat(Character.isHighSurrogate(display.charAt(display.length() - 1))).isFalse();
	}

	@Test
	void dropsLoneSurrogates() {
		assertThat(FileNames.display("a\uD800b.png")).isEqualTo("ab.png");
	}

	@Test
	void namesNothingUnnamed() {
		assertThat(FileNames.display(null)).isEqualTo("unnamed");
		assertThat(FileNames.original(null)).isEqualTo("unnamed");
		assertThat(FileNames.display("\u0001\u0002")).isEqualTo("unnamed");
	}

}
