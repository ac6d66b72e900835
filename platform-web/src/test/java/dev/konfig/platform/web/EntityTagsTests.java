package dev.konfig.platform.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityTagsTests {

	@Test
	void readsStrongWeakListedAndWildcardTags() {
		assertThat(EntityTags.requiredVersions("\"3\"")).containsExactly(3L);
		assertThat(EntityTags.requiredVersions("W/\"3\", \"4\"")).containsExactly(3L, 4L);
		assertThat(EntityTags.requiredVersions("*")).isEmpty();
		assertThat(EntityTags.matches("\"1\", \"7\"", 7)).isTrue();
		assertThat(EntityTags.matches("W/\"7\"", 7)).isTrue();
		assertThat(EntityTags.matches("*", 7)).isTrue();
		assertThat(EntityTags.matches("\"1\"", 7)).isFalse();
		assertThat(EntityTags.matches(null, 7)).isFalse();
	}

	@Test
	void refusesAMissingOrMeaninglessIfMatch() {
		assertThatThrownBy(() -> EntityTags.requiredVersions(null)).isInstanceOf(PreconditionRequiredException.class);
		assertThatThrownBy(() -> EntityTags.requiredVersions(" ")).isInstanceOf(PreconditionRequiredException.class);
		assertThatThrownBy(() -> EntityTags.requiredVersions("3")).isInstanceOf(PreconditionFailedException.class);
		assertThatThrownBy(() -> EntityTags.requiredVersions("\"abc\"")).isInstanceOf(PreconditionFailedException.class);
	}

	@Test
	void letsAnOptionalIfMatchBeAbsent() {
		assertThat(EntityTags.optionalVersions(null)).isEmpty();
		assertThat(EntityTags.optionalVersions("\"5\"")).containsExactly(5L);
		assertThatThrownBy(() -> EntityTags.optionalVersions("\"x\"")).isInstanceOf(PreconditionFailedException.class);
	}

	@Test
	void ignoresUnquotedVersionsInIfNoneMatch() {
		// Only a quoted tag is an entity tag; "3" bare is not one this service sent.
		assertThat(EntityTags.matches("3", 3)).isFalse();
		assertThat(EntityTags.firstVersion("3")).isEmpty();
		assertThat(EntityTags.firstVersion("\"x\", W/\"12\"")).hasValue(12);
		assertThat(EntityTags.firstVersion(null)).isEmpty();
	}

	@Test
	void comparesOpaqueTagsStronglyForIfMatchAndWeaklyForIfNoneMatch() {
		String hash = "9f86d081884c7d65";
		assertThat(EntityTags.of(hash)).isEqualTo("\"9f86d081884c7d65\"");
		assertThat(EntityTags.matches("W/\"" + hash + "\"", hash)).isTrue();
		assertThatNoException().isThrownBy(() -> EntityTags.checkIfMatch("\"other\", \"" + hash + "\"", hash, true));
		assertThatNoException().isThrownBy(() -> EntityTags.checkIfMatch("*", hash, true));
		assertThatNoException().isThrownBy(() -> EntityTags.checkIfMatch(null, hash, false));
		assertThatThrownBy(() -> EntityTags.checkIfMatch("W/\"" + hash + "\"", hash, true))
			.isInstanceOf(PreconditionFailedException.class);
		assertThatThrownBy(() -> EntityTags.checkIfMatch("\"other\"", hash, true))
			.isInstanceOf(PreconditionFailedException.class);
		assertThatThrownBy(() -> EntityTags.checkIfMatch(null, hash, true))
			.isInstanceOf(PreconditionRequiredException.class);
	}

	@Test
	void parsesQuotedTagsWithCommasInsideAndSkipsGarbage() {
		assertThat(EntityTag.parseList("\"a,b\", junk, W/\"c\", \"unterminated"))
			.containsExactly(EntityTag.strong("a,b"), EntityTag.weak("c"));
		assertThat(EntityTag.parseList("*")).containsExactly(EntityTag.ANY);
		assertThat(EntityTag.weak("c")).hasToString("W/\"c\"");
	}

}
