package dev.konfig.file.admin;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import dev.konfig.file.FileIntegrationTest;
import dev.konfig.file.Images;
import dev.konfig.platform.security.KonfigClaims;
import dev.konfig.platform.security.PrincipalType;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;

import static org.assertj.core.api.Assertions.assertThat;

/** FS-15: platform admins set quotas and see usage; nobody else does. */
class AdminFileIntegrationTests extends FileIntegrationTest {

	@Test
	void aPlatformAdminSetsAQuotaThatUploadsThenMeet() {
		UUID organization = organization();
		String admin = platformAdmin();
		this.http.put().uri("/api/v1/admin/files/quotas/{org}", organization)
			.headers(headers -> headers.setBearerAuth(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("quota_bytes", 100, "max_files", 5))
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.quota_bytes").isEqualTo(100).jsonPath("$.max_files").isEqualTo(5);
		upload(member(organization), "design", "a.png", Images.png(20, 20, 0, 6, 601)).expectStatus()
			.isEqualTo(HttpStatus.INSUFFICIENT_STORAGE);
		Map<String, Object> back = new HashMap<>();
		back.put("quota_bytes", null);
		back.put("max_files", null);
		this.http.put().uri("/api/v1/admin/files/quotas/{org}", organization)
			.headers(headers -> headers.setBearerAuth(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(back)
			.exchange()
			.expectStatus().isOk();
		upload(member(organization), "design", "a.png", Images.png(20, 20, 0, 6, 601)).expectStatus().isCreated();
		assertThat(OutboxRows.where("file", "payload->>'event_type' = 'file.quota_changed' "
				+ "AND payload->>'organization_id' = ?", organization.toString())).hasSize(2);
		this.http.get().uri("/api/v1/admin/files/usage?limit=200").headers(headers -> headers.setBearerAuth(admin))
			.exchange().expectStatus().isOk().expectBody().jsonPath("$[0].used_bytes").isNumber();
	}

	@Test
	void nobodyElseMayAndBadQuotasAreRefused() {
		UUID organization = organization();
		for (String token : new String[] { user(organization, Role.OWNER), apiKey(organization, "read", "write",
				"platform:admin") }) {
			this.http.get().uri("/api/v1/admin/files/usage").headers(headers -> headers.setBearerAuth(token)).exchange()
				.expectStatus().isForbidden();
		}
		this.http.put().uri("/api/v1/admin/files/quotas/{org}", organization)
			.headers(headers -> headers.setBearerAuth(platformAdmin()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("quota_bytes", -1, "max_files", 5))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("quota_bytes");
	}

	@Test
	void aTokenWhoseAdministratorWasRevokedSetsNoQuota() {
		UUID organization = organization();
		UUID revoked = UUID.randomUUID();
		String stale = platformAdmin(revoked);
		platformAdmins.remove(revoked.toString());
		this.http.put().uri("/api/v1/admin/files/quotas/{org}", organization)
			.headers(headers -> headers.setBearerAuth(stale))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("quota_bytes", 1, "max_files", 1))
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(OutboxRows.where("file", "payload->>'event_type' = 'file.quota_changed' "
				+ "AND payload->>'organization_id' = ?", organization.toString())).isEmpty();
		upload(member(organization), "design", "a.png", Images.png(20, 20, 0, 6, 601)).expectStatus().isCreated();
	}

	private static String platformAdmin() {
		return platformAdmin(UUID.randomUUID());
	}

	/** A token saying platform:admin; auth-service agrees until the test removes the user. */
	private static String platformAdmin(UUID user) {
		platformAdmins.add(user.toString());
		return tokens.sign(claims -> claims.subject(user.toString())
			.claim(KonfigClaims.PRINCIPAL_TYPE, PrincipalType.USER.claim())
			.claim(KonfigClaims.ORGANIZATION, UUID.randomUUID().toString())
			.claim(KonfigClaims.ROLE, Role.OWNER.claim())
			.claim(KonfigClaims.SCOPE, "read write platform:admin"));
	}

}
