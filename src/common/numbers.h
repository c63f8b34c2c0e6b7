// Reading numbers and identifiers from what a user typed: one strict rule for the command line and
// the scenario files alike.
//
// A number is decimal: an optional sign, digits with an optional decimal point, an optional
// exponent ("-12", "3.5", ".5", "1e3", "2.5E-4"). Not accepted, though strtod and std::stod would
// take them: hexadecimal ("0x10"), "inf", "nan", surrounding spaces, and trailing text. A value
// that overflows a double is refused too.
#pragma once

#include <cstddef>
#include <string_view>

namespace picket {

// Parses `text` as a strict decimal number; false (and `out` unchanged) when it is not one.
[[nodiscard]] bool parseDecimal(std::string_view text, double& out);

// A catalog id names a file in the catalog (catalog/<kind>/<id>.yaml), so it is checked as an id
// before any path is built from it: 1 to 64 characters of lower-case letters, digits, '.', '_' and
// '-', starting with a letter or digit, with no "..".
inline constexpr std::size_t kMaxCatalogIdLength = 64;
[[nodiscard]] bool isCatalogId(std::string_view id);

}  // namespace picket
