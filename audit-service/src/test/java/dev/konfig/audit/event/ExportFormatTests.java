package dev.konfig.audit.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportFormatTests {

	@Test
	void quotesCellsWithSeparatorsQuotesAndNewlines() {
		assertThat(ExportFormat.cell("plain")).isEqualTo("plain");
		assertThat(ExportFormat.cell("a,b")).isEqualTo("\"a,b\"");
		assertThat(ExportFormat.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(ExportFormat.cell("two\nlines")).isEqualTo("\"two\nlines\"");
		assertThat(ExportFormat.cell(null)).isEmpty();
	}

	@Test
	void defusesSpreadsheetFormulas() {
		assertThat(ExportFormat.cell("=HYPERLINK(\"x\")")).startsWith("\"'=");
		assertThat(ExportFormat.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
	}

	@Test
	void refusesUnknownFormats() {
		assertThatThrownBy(() -> ExportFormat.of("xml")).isInstanceOf(InvalidEventQueryException.class);
		assertThat(ExportFormat.of("NDJSON")).isEqualTo(ExportFormat.NDJSON);
	}

	@Test
	void escapesLikeWildcardsInTypePrefixes() {
		assertThat(EventRepository.likePrefix("config_x.%")).isEqualTo("config\\_x.\\%%");
	}

}
