package dev.konfig.config.entry;

import org.junit.jupiter.api.Test;

import dev.konfig.platform.web.PreconditionFailedException;
import dev.konfig.platform.web.PreconditionRequiredException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityTagsTests {

	@Test
	void readsStrongWeakListedAndWildcardTags() {
		assertThat(EntityTags.required("\"3\"")).containsExactly(3L);
		assertThat(EntityTags.required("W/\"3\", \"4\"")).containsExactly(3L, 4L);
		assertThat(EntityTags.required("*")).isEmpty();
		assertThat(EntityTags.matches("\"1\", \"7\"", 7)).isTrue();
		assertThat(EntityTags.matches("\"1\"", 7)).isFalse();
		assertThat(EntityTags.matches(null, 7)).isFalse();
	}

	@Test
	void refusesAMissingOrMeaninglessIfMatch() {
		assertThatThrownBy(() -> EntityTags.required(null)).isInstanceOf(PreconditionRequiredException.class);
		assertThatThrownBy(() -> EntityTags.required(" ")).isInstanceOf(PreconditionRequiredException.class);
		assertThatThrownBy(() -> EntityTags.required("3")).isInstanceOf(PreconditionFailedException.class);
		assertThatThrownBy(() -> EntityTags.required("\"abc\"")).isInstanceOf(PreconditionFailedException.class);
	}

}
