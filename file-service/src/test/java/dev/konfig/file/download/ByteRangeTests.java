package dev.konfig.file.download;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangeTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "bytes=0-99|0|99", "bytes=100-|100|999", "bytes=-100|900|999",
			"bytes=-5000|0|999", "bytes=990-5000|990|999", "Bytes = 5-5|5|5" })
	void readsOneRange(String header, long start, long end) {
		assertThat(ByteRange.parse(header, 1000)).isEqualTo(new ByteRange.Partial(new ByteRange(start, end)));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "bytes=1000-", "bytes=999999999-", "bytes=1000-2000", "bytes=-0" })
	void cannotSatisfyARangeBeyondTheEnd(String header) {
		assertThat(ByteRange.parse(header, 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "bytes=0-1,5-6", "items=0-1", "bytes=abc", "bytes=5-1", "bytes=-", "0-5",
			"bytes=99999999999999999999-", "''" })
	void readsAnythingElseAsTheWholeFile(String header) {
		assertThat(ByteRange.parse(header, 1000)).isInstanceOf(ByteRange.Whole.class);
	}

}
