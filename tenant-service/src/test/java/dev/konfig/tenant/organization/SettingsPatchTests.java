package dev.konfig.tenant.organization;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SettingsPatchTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void splitsKeysToSetFromKeysToRemove() {
		SettingsPatch patch = SettingsPatch.of(this.json.readTree("{\"theme\":\"dark\",\"old\":null,\"dpi\":300}"),
				this.json);
		assertThat(this.json.readTree(patch.merged())).isEqualTo(this.json.readTree("{\"theme\":\"dark\",\"dpi\":300}"));
		assertThat(patch.removed()).containsExactly("old");
		assertThat(patch.isActive()).isNull();
	}

	@Test
	void keepsActivationOutOfTheMergedSettings() {
		SettingsPatch patch = SettingsPatch.of(this.json.readTree("{\"is_active\":false,\"theme\":\"dark\"}"),
				this.json);
		assertThat(this.json.readTree(patch.merged())).isEqualTo(this.json.readTree("{\"theme\":\"dark\"}"));
		assertThat(patch.isActive()).isFalse();
	}

	@Test
	void treatsAMissingOrNullPatchAsNoChange() {
		assertThat(SettingsPatch.of(null, this.json)).isSameAs(SettingsPatch.NONE);
		assertThat(SettingsPatch.of(this.json.readTree("null"), this.json)).isSameAs(SettingsPatch.NONE);
	}

	@Test
	void rejectsNonObjectsAndNonBooleanActivation() {
		assertThatExceptionOfType(InvalidOrganizationRequestException.class)
			.isThrownBy(() -> SettingsPatch.of(this.json.readTree("[1]"), this.json))
			.satisfies(ex -> assertThat(ex.errors().get(0).field()).isEqualTo("settings"));
		assertThatExceptionOfType(InvalidOrganizationRequestException.class)
			.isThrownBy(() -> SettingsPatch.of(this.json.readTree("{\"is_active\":null}"), this.json))
			.satisfies(ex -> assertThat(ex.errors().get(0).field()).isEqualTo("settings.is_active"));
	}

	@Test
	void seesActivationChangesOnlyWhenTheValueDiffers() {
		SettingsPatch deactivate = SettingsPatch.of(this.json.readTree("{\"is_active\":false}"), this.json);
		assertThat(deactivate.changesActivation(OrganizationStatus.ACTIVE)).isTrue();
		assertThat(deactivate.changesActivation(OrganizationStatus.INACTIVE)).isFalse();
		SettingsPatch activate = SettingsPatch.of(this.json.readTree("{\"is_active\":true}"), this.json);
		assertThat(activate.changesActivation(OrganizationStatus.ACTIVE)).isFalse();
		assertThat(activate.changesActivation(OrganizationStatus.INACTIVE)).isTrue();
	}

}
