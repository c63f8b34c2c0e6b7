#include "common/numbers.h"

#include <charconv>
#include <cmath>
#include <system_error>

namespace picket {

bool parseDecimal(std::string_view text, double& out) {
  // The grammar first (std::from_chars alone would take "inf", "nan" and hex with chars_format::hex
  // only, but also a leading '-' before them): sign, digits[.digits] or .digits, exponent.
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  std::size_t mantissa = digits();
  if (i < n && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  if (i != n) return false;
  // from_chars does not take a leading '+'.
  const std::string_view body = text.front() == '+' ? text.substr(1) : text;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec != std::errc() || end != body.data() + body.size() || !std::isfinite(value)) return false;
  out = value;
  return true;
}

bool isCatalogId(std::string_view id) {
  if (id.empty() || id.size() > kMaxCatalogIdLength || id.find("..") != std::string_view::npos) return false;
  const auto ok = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!first && (c == '.' || c == '_' || c == '-'));
  };
  for (std::size_t i = 0; i < id.size(); ++i)
    if (!ok(id[i], i == 0)) return false;
  return true;
}

}  // namespace picket
