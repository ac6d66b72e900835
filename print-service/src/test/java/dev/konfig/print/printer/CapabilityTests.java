package dev.konfig.print.printer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** PR-5's matrix: fits, rotated, template NULL/empty/listed, effective DPI. */
class CapabilityTests {

	private static final UUID TEMPLATE = UUID.randomUUID();

	@Test
	void fitsAsItIsOrTurned() {
		Printer printer = printer(true, null);
		assertThat(check(printer, "13", "19", null, false, null).canPrint()).isTrue();
		Capability.Answer wide = check(printer, "19", "13", null, false, null);
		assertThat(wide.canPrint()).isFalse();
		assertThat(wide.fitsRotated()).isNull();
		assertThat(wide.reason()).isEqualTo("Width 19\" exceeds max 13\"");
		Capability.Answer turned = check(printer, "19", "13", null, true, null);
		assertThat(turned.canPrint()).isTrue();
		assertThat(turned.fitsRotated()).isTrue();
		assertThat(turned.reason()).isNull();
		assertThat(check(printer, "20", "20", null, true, null).reason())
			.isEqualTo("Width 20\" exceeds max 13\"; Height 20\" exceeds max 19\"");
	}

	@Test
	void templates() {
		assertThat(check(printer(true, null), "1", "1", TEMPLATE, false, null).templateSupported()).isTrue();
		assertThat(check(printer(true, List.of()), "1", "1", TEMPLATE, false, null).reason())
			.isEqualTo("Template " + TEMPLATE + " not supported");
		assertThat(check(printer(true, List.of(TEMPLATE)), "1", "1", TEMPLATE, false, null).canPrint()).isTrue();
		assertThat(check(printer(true, List.of()), "1", "1", null, false, null).templateSupported()).isNull();
	}

	@Test
	void effectiveDpiAgainstThePrinterAndTheMinimum() {
		Printer printer = printer(true, null);
		Capability.Answer sharp = check(printer, "10", "5", null, false, new int[] { 4000, 2000 });
		assertThat(sharp.effectiveDpi()).isEqualByComparingTo("400");
		assertThat(sharp.dpiOk()).isTrue();
		Capability.Answer soft = check(printer, "10", "5", null, false, new int[] { 2000, 2000 });
		assertThat(soft.effectiveDpi()).isEqualByComparingTo("200");
		assertThat(soft.reason()).isEqualTo("Effective DPI 200 below 300");
	}

	@Test
	void inactivePrinterAnswersWithItsReason() {
		assertThat(check(printer(false, null), "1", "1", null, false, null).reason()).isEqualTo("Printer is inactive");
	}

	private static Capability.Answer check(Printer printer, String width, String height, UUID template,
			boolean rotation, int[] pixels) {
		return Capability.check(printer,
				new Capability.Question(new BigDecimal(width), new BigDecimal(height), template, rotation, pixels), 300);
	}

	private static Printer printer(boolean active, List<UUID> templates) {
		return new Printer(UUID.randomUUID(), UUID.randomUUID(), null, null, "P", "dtf", null, null, null,
				new BigDecimal("13"), new BigDecimal("19"), 600, templates, active, false, false, "{}", 1, Instant.now(),
				Instant.now());
	}

}
