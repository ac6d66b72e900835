package dev.konfig.tenant.shop;

import java.util.List;

import dev.konfig.platform.web.ConflictException;
import dev.konfig.platform.web.FieldViolation;

/** The change collides with the organization's other shops or the shop's state (409). */
class ShopConflictException extends ConflictException {

	private ShopConflictException(String detail, List<FieldViolation> errors) {
		super(detail, errors);
	}

	static ShopConflictException platformShopIdTaken() {
		return new ShopConflictException("The organization already has a shop with this platform shop id",
				List.of(new FieldViolation("platform_shop_id", "is already used by another shop of this platform")));
	}

	static ShopConflictException tooMany(int max) {
		return new ShopConflictException("The organization has the most shops it may have (" + max + ")", List.of());
	}

	static ShopConflictException inactive() {
		return new ShopConflictException("An inactive shop cannot be synchronised; activate it first", List.of());
	}

}
