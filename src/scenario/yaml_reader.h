// Strict reading of YAML into config structs: every key known, every value checked, and every
// error naming the file, the line and what was expected (docs/errors.md).
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/error.h"

namespace picket::scenario {

// Parses a file; a syntax error becomes an InputError with its line. A file holds one YAML
// document: a second one ("---" and more after it) is refused, not silently ignored.
YAML::Node loadYamlFile(const std::string& path);

// A scalar's value as a strict decimal number (common/numbers.h): no hex, octal, ".inf" or ".nan".
// Throws YAML::BadConversion otherwise, like YAML::Node::as<double>, so callers catch one type.
double decimalOf(const YAML::Node& node);

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] SourceLocation at(const YAML::Node& node) const;
  [[noreturn]] void fail(const YAML::Node& node, const std::string& what) const;
  // A scalar's text; anything else (a list, a map) fails naming what was expected.
  [[nodiscard]] std::string text(const YAML::Node& node, std::string_view what = "a text value") const;

  // The node must be a map whose keys are all in `allowed`; a stray key is an error that suggests
  // the closest allowed one.
  void expectMap(const YAML::Node& node, std::string_view what, std::initializer_list<std::string_view> allowed) const;
  void expectMap(const YAML::Node& node, std::string_view what, std::span<const std::string_view> allowed) const;
  void require(const YAML::Node& map, std::string_view key) const;

  // Numbers. Catalog entries may be {value: x, source: key, range: [lo, hi], note: "..."}; with
  // `require_source` the source form is mandatory (the catalog), otherwise plain numbers are taken too.
  [[nodiscard]] double number(const YAML::Node& node, std::string_view key, double lo, double hi) const;
  [[nodiscard]] std::optional<double> optionalNumber(const YAML::Node& map, std::string_view key, double lo,
                                                     double hi) const;
  [[nodiscard]] std::string string(const YAML::Node& map, std::string_view key) const;
  [[nodiscard]] std::optional<std::string> optionalString(const YAML::Node& map, std::string_view key) const;
  // A word from a fixed list (its index); a misspelt one is an error suggesting the closest.
  [[nodiscard]] std::size_t choice(const YAML::Node& map, std::string_view key, std::string_view what,
                                   std::initializer_list<std::string_view> options) const;
  [[nodiscard]] std::size_t choice(const YAML::Node& map, std::string_view key, std::string_view what,
                                   std::span<const std::string_view> options) const;
  [[nodiscard]] bool boolean(const YAML::Node& node, std::string_view key) const;
  [[nodiscard]] std::vector<std::pair<double, double>> pairTable(const YAML::Node& node, std::string_view key) const;
  // A node that must be a list of two numbers ([low, high], [lat, lon]): fails with `not_a_pair`
  // where it is not a two-entry list, with `not_numbers` where an entry is not a decimal number.
  [[nodiscard]] std::pair<double, double> numberPair(const YAML::Node& node, std::string_view not_a_pair,
                                                     std::string_view not_numbers) const;

  void setRequireSource(bool on, std::vector<std::string> known_sources = {}) {
    require_source_ = on;
    known_sources_ = std::move(known_sources);
  }

 private:
  [[nodiscard]] YAML::Node valueNode(const YAML::Node& node, std::string_view key) const;
  std::string file_;
  bool require_source_ = false;
  std::vector<std::string> known_sources_;
};

}  // namespace picket::scenario
