package dev.konfig.print.gang;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayoutEngineTests {

	private static final UUID A = new UUID(0, 1);

	private static final UUID B = new UUID(0, 2);

	private static final UUID C = new UUID(0, 3);

	/** 23 × 215 in at 400 DPI, 0.125 in spacing, no margin. */
	private static LayoutRequest sheet(LayoutRequest.Rotation rotation, List<LayoutRequest.Item> items) {
		return new LayoutRequest(9200, 86000, 50, 50, 0, rotation, 200, items);
	}

	@Test
	void rowsPlacesThreeTenByFourItemsOfThreeCopiesAtHandComputedPixels() {
		List<LayoutRequest.Item> items = List.of(new LayoutRequest.Item(0, A, 4000, 1600, 3),
				new LayoutRequest.Item(1, B, 4000, 1600, 3), new LayoutRequest.Item(2, C, 4000, 1600, 3));
		Layout layout = LayoutEngine.layout("rows", sheet(LayoutRequest.Rotation.AUTO, items));
		assertThat(layout.sheets()).hasSize(1);
		assertThat(layout.sheets().get(0).placements()).extracting(p -> List.of(p.itemIndex(), p.copyIndex(), p.x(),
				p.y(), p.width(), p.height(), p.rotated() ? 1 : 0))
			.containsExactly(List.of(0, 0, 0, 0, 4000, 1600, 0), List.of(0, 1, 4050, 0, 4000, 1600, 0),
					List.of(0, 2, 0, 1650, 4000, 1600, 0), List.of(1, 0, 4050, 1650, 4000, 1600, 0),
					List.of(1, 1, 0, 3300, 4000, 1600, 0), List.of(1, 2, 4050, 3300, 4000, 1600, 0),
					List.of(2, 0, 0, 4950, 4000, 1600, 0), List.of(2, 1, 4050, 4950, 4000, 1600, 0),
					List.of(2, 2, 0, 6600, 4000, 1600, 0));
		assertThat(layout.sheets().get(0).lengthPx()).isEqualTo(8200);
		assertThat(layout.sheets().get(0).utilization()).isEqualTo(Layout.round4(9 * 4000d * 1600 / (9200d * 8200)));
	}

	@Test
	void rowsAlwaysTurnsEveryCopyAndAutoTakesTheLowerOrientation() {
		List<LayoutRequest.Item> items = List.of(new LayoutRequest.Item(0, A, 4000, 1600, 1),
				new LayoutRequest.Item(1, B, 1000, 3000, 1));
		Layout always = LayoutEngine.layout("rows", sheet(LayoutRequest.Rotation.ALWAYS, items));
		assertThat(always.sheets().get(0).placements()).allMatch(Layout.Placement::rotated);
		assertThat(always.sheets().get(0).placements().get(0).width()).isEqualTo(1600);
		Layout auto = LayoutEngine.layout("rows", sheet(LayoutRequest.Rotation.AUTO, items));
		assertThat(auto.sheets().get(0).placements()).extracting(Layout.Placement::rotated).containsExactly(false, true);
		Layout never = LayoutEngine.layout("rows", sheet(LayoutRequest.Rotation.NEVER, items));
		assertThat(never.sheets().get(0).placements()).noneMatch(Layout.Placement::rotated);
	}

	@Test
	void rowsStartsANewSheetWhenTheNextRowPassesTheBottomMargin() {
		LayoutRequest request = new LayoutRequest(1000, 1000, 10, 20, 5, LayoutRequest.Rotation.NEVER, 200,
				List.of(new LayoutRequest.Item(0, A, 490, 490, 5)));
		Layout layout = LayoutEngine.layout("rows", request);
		// 2 per row (5 + 490 + 10 + 490 = 995 ≤ 995), 2 rows (5 + 490 + 20 + 490 = 1005 > 995: no), so 1 row a sheet.
		assertThat(layout.sheets()).hasSize(3);
		assertThat(layout.sheets().get(0).placements()).extracting(Layout.Placement::x).containsExactly(5, 505);
		assertThat(layout.sheets().get(2).lengthPx()).isEqualTo(500);
	}

	@ParameterizedTest
	@ValueSource(strings = { "rows", "maxrects", "maxrects_bssf", "skyline" })
	void aDesignTooLargeInEveryOrientationIsRefusedByName(String algorithm) {
		List<LayoutRequest.Item> items = List.of(new LayoutRequest.Item(0, A, 100, 100, 1),
				new LayoutRequest.Item(1, B, 9300, 9300, 1));
		assertThatThrownBy(() -> LayoutEngine.layout(algorithm, sheet(LayoutRequest.Rotation.AUTO, items)))
			.isInstanceOfSatisfying(LayoutRefusal.class, refusal -> assertThat(refusal.itemIndex()).isEqualTo(1))
			.hasMessageContaining("items[1]");
		// Wider than the sheet but fits turned: refused only when turning is not allowed.
		List<LayoutRequest.Item> wide = List.of(new LayoutRequest.Item(0, A, 12000, 2000, 1));
		assertThat(LayoutEngine.layout(algorithm, sheet(LayoutRequest.Rotation.AUTO, wide)).totalCopies()).isEqualTo(1);
		assertThatThrownBy(() -> LayoutEngine.layout(algorithm, sheet(LayoutRequest.Rotation.NEVER, wide)))
			.isInstanceOf(LayoutRefusal.class)
			.hasMessageContaining("items[0]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "rows", "maxrects", "skyline" })
	void moreSheetsThanAllowedIsRefused(String algorithm) {
		LayoutRequest request = new LayoutRequest(1000, 1000, 0, 0, 0, LayoutRequest.Rotation.AUTO, 2,
				List.of(new LayoutRequest.Item(0, A, 1000, 1000, 3)));
		assertThatThrownBy(() -> LayoutEngine.layout(algorithm, request)).isInstanceOf(LayoutRefusal.class)
			.hasMessageContaining("more than 2 sheets");
	}

	@ParameterizedTest
	@ValueSource(strings = { "rows", "maxrects", "maxrects_bssf", "skyline" })
	void randomInputsNeverOverlapNeverCrowdTheSpacingAndStayInsideTheMargins(String algorithm) {
		Random random = new Random(13);
		for (int round = 0; round < 60; round++) {
			int width = 2000 + random.nextInt(8000);
			int length = 3000 + random.nextInt(30000);
			int sx = random.nextInt(80);
			int sy = random.nextInt(80);
			int margin = random.nextInt(40);
			LayoutRequest.Rotation rotation = LayoutRequest.Rotation.values()[random.nextInt(3)];
			List<LayoutRequest.Item> items = new ArrayList<>();
			int count = 1 + random.nextInt(25);
			for (int i = 0; i < count; i++) {
				int w = 1 + random.nextInt(width / 2);
				int h = 1 + random.nextInt(Math.min(width - 2 * margin, length / 3));
				items.add(new LayoutRequest.Item(i, new UUID(0, i), w, h, 1 + random.nextInt(30)));
			}
			LayoutRequest request = new LayoutRequest(width, length, sx, sy, margin, rotation, 10_000, items);
			Layout layout = LayoutEngine.layout(algorithm, request);
			assertThat(layout.totalCopies()).isEqualTo(request.totalCopies());
			for (Layout.Sheet sheet : layout.sheets()) {
				assertValid(request, sheet);
			}
			assertThat(LayoutEngine.layout(algorithm, request)).as("deterministic").isEqualTo(layout);
		}
	}

	static void assertValid(LayoutRequest request, Layout.Sheet sheet) {
		List<Layout.Placement> placements = sheet.placements();
		int m = request.margin();
		int bottom = 0;
		for (Layout.Placement p : placements) {
			LayoutRequest.Item item = request.items().get(p.itemIndex());
			assertThat(p.rotated() ? List.of(p.height(), p.width()) : List.of(p.width(), p.height()))
				.containsExactly(item.widthPx(), item.heightPx());
			assertThat(p.rotated() ? request.rotation() != LayoutRequest.Rotation.NEVER
					: request.rotation() != LayoutRequest.Rotation.ALWAYS).isTrue();
			assertThat(p.x()).isGreaterThanOrEqualTo(m);
			assertThat(p.y()).isGreaterThanOrEqualTo(m);
			assertThat(p.x() + p.width()).isLessThanOrEqualTo(request.widthPx() - m);
			assertThat(p.y() + p.height()).isLessThanOrEqualTo(request.maxLengthPx() - m);
			bottom = Math.max(bottom, p.y() + p.height());
		}
		assertThat(sheet.lengthPx()).isEqualTo(bottom + m);
		for (int i = 0; i < placements.size(); i++) {
			for (int j = i + 1; j < placements.size(); j++) {
				Layout.Placement a = placements.get(i);
				Layout.Placement b = placements.get(j);
				boolean apartAcross = a.x() + a.width() + request.spacingX() <= b.x()
						|| b.x() + b.width() + request.spacingX() <= a.x();
				boolean apartAlong = a.y() + a.height() + request.spacingY() <= b.y()
						|| b.y() + b.height() + request.spacingY() <= a.y();
				assertThat(apartAcross || apartAlong).as("%s and %s keep the spacing", a, b).isTrue();
			}
		}
	}

}
