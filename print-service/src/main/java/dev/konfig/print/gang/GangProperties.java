package dev.konfig.print.gang;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Gang-sheet settings ({@code konfig.print.gang.*}, spec §10).
 *
 * @param defaultSheetWidth inches, when neither the print config nor a printer says (GS-2)
 * @param defaultSheetLength the longest sheet, inches
 * @param defaultDpi the sheet resolution when nothing else says
 * @param defaultSpacing inches between designs when nothing else says
 * @param spacingPresets {@code name=WxH[,name=WxH]}: spacing by {@code print_config.template_name}
 * @param maxItems items per layout (GS-3)
 * @param maxPlacements copies per layout
 * @param maxSheets sheets per layout (GS-5)
 * @param maxSheetPixels {@code W × L} at most (GS-5)
 * @param renderConcurrency gang-sheet jobs one replica renders at a time (RN-1)
 * @param renderCacheBytes scaled designs kept between strips and sheets (RN-3)
 * @param renderPollInterval how often an idle renderer looks for work
 * @param renderStripRows rows composed and encoded at a time (RN-4)
 */
@ConfigurationProperties("konfig.print.gang")
public record GangProperties(@DefaultValue("23") BigDecimal defaultSheetWidth,
		@DefaultValue("215") BigDecimal defaultSheetLength, @DefaultValue("400") int defaultDpi,
		@DefaultValue("0.125") BigDecimal defaultSpacing, @DefaultValue("UVDTF 16oz=0.32x0.5") String spacingPresets,
		@DefaultValue("500") int maxItems, @DefaultValue("20000") int maxPlacements, @DefaultValue("200") int maxSheets,
		@DefaultValue("2000000000") long maxSheetPixels, @DefaultValue("1") int renderConcurrency,
		@DefaultValue("256MB") DataSize renderCacheBytes, @DefaultValue("2s") Duration renderPollInterval,
		@DefaultValue("256") int renderStripRows) {

	/** The presets by name, as {@code [width, height]} inches. */
	public Map<String, BigDecimal[]> presets() {
		Map<String, BigDecimal[]> presets = new LinkedHashMap<>();
		for (String entry : this.spacingPresets.split(",")) {
			int equals = entry.lastIndexOf('=');
			if (equals <= 0) {
				continue;
			}
			String[] size = entry.substring(equals + 1).trim().split("x");
			if (size.length == 2) {
				presets.put(entry.substring(0, equals).trim(),
						new BigDecimal[] { new BigDecimal(size[0].trim()), new BigDecimal(size[1].trim()) });
			}
		}
		return presets;
	}

}
