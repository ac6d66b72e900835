package dev.konfig.config.entry;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonDiffTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void reportsAddedRemovedAndChangedMembersByPointer() {
		JsonDiff diff = JsonDiff.between(node("{\"a\": 1, \"b\": {\"c\": 2, \"d/e\": 3}, \"f\": [1, 2]}"),
				node("{\"a\": 1, \"b\": {\"c\": 5}, \"f\": [1], \"g\": true}"));
		assertThat(diff.added()).containsOnlyKeys("/g");
		assertThat(diff.removed()).containsOnlyKeys("/b/d~1e", "/f/1");
		assertThat(diff.changed()).containsOnlyKeys("/b/c");
		assertThat(diff.changed().get("/b/c").from().intValue()).isEqualTo(2);
		assertThat(diff.changed().get("/b/c").to().intValue()).isEqualTo(5);
	}

	@Test
	void treatsAChangeOfKindAsOneChangedValue() {
		JsonDiff diff = JsonDiff.between(node("{\"a\": [1]}"), node("{\"a\": {\"0\": 1}}"));
		assertThat(diff.changed()).containsOnlyKeys("/a");
		assertThat(JsonDiff.between(node("1"), node("2")).changed()).containsOnlyKeys("");
	}

	@Test
	void findsNothingBetweenEqualDocuments() {
		JsonDiff diff = JsonDiff.between(node("{\"a\": [1, {\"b\": null}]}"), node("{\"a\": [1, {\"b\": null}]}"));
		assertThat(diff.added()).isEmpty();
		assertThat(diff.removed()).isEmpty();
		assertThat(diff.changed()).isEmpty();
	}

	private JsonNode node(String text) {
		return this.json.readTree(text);
	}

}
