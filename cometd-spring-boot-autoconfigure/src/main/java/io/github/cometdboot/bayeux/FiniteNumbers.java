package io.github.cometdboot.bayeux;

import java.util.List;
import java.util.Map;

/**
 * Finds numbers that JSON cannot carry. A literal too large for a double, such as {@code 1e999999},
 * parses as infinity, which Jackson would then write back as the string {@code "Infinity"}: a message
 * would reach its subscribers changed. Such a request is refused instead.
 */
final class FiniteNumbers {

	private FiniteNumbers() {
	}

	/**
	 * Whether every number in a decoded JSON value is finite.
	 * @param value a value as Jackson decodes it into {@code Object}: maps, lists, strings, numbers
	 * @return {@code false} if some number in it is infinite or not a number
	 */
	static boolean in(Object value) {
		if (value instanceof Double number) {
			return Double.isFinite(number);
		}
		if (value instanceof Float number) {
			return Float.isFinite(number);
		}
		if (value instanceof Map<?, ?> map) {
			for (Object field : map.values()) {
				if (!in(field)) {
					return false;
				}
			}
		}
		else if (value instanceof List<?> list) {
			for (Object element : list) {
				if (!in(element)) {
					return false;
				}
			}
		}
		return true;
	}

}
