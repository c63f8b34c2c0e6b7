#include "scenario/yaml_reader.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include "common/numbers.h"
#include "common/spelling.h"

namespace picket::scenario {
namespace {

std::string quoteList(std::span<const std::string_view> keys) {
  std::string out;
  for (std::string_view k : keys) out += (out.empty() ? "" : ", ") + std::string(k);
  return out;
}

// Counts the documents the parser starts, and where the second starts; ignores the rest.
struct DocumentStarts final : YAML::EventHandler {
  int count = 0;
  YAML::Mark second = YAML::Mark::null_mark();
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++count == 2) second = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

YAML::Node loadYamlFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throwInputError(SourceLocation{path, 0}, "cannot open the file");
  std::stringstream text;
  text << in.rdbuf();
  try {
    YAML::Node root = YAML::Load(text.str());
    // A second document is looked for by asking the parser for one more, once: YAML::LoadAll
    // loops for ever on some malformed input (yaml-cpp 0.7; found by fuzz/scenario_fuzz).
    DocumentStarts starts;
    YAML::Parser parser(text);
    if (parser.HandleNextDocument(starts) && parser.HandleNextDocument(starts) && starts.count > 1)
      throwInputError(SourceLocation{path, starts.second.is_null() ? 0 : starts.second.line + 1},
                      "a second YAML document starts here (after '---', or after text that ends the first): a "
                      "scenario or catalog file holds exactly one");
    if (!root.IsMap()) throwInputError(SourceLocation{path, 1}, "expected a YAML mapping (key: value lines) at the top");
    return root;
  } catch (const YAML::ParserException& e) {
    throwInputError(SourceLocation{path, e.mark.line + 1}, "YAML syntax error: " + e.msg);
  }
}

double decimalOf(const YAML::Node& node) {
  double x = 0.0;
  if (!node.IsScalar() || !parseDecimal(node.Scalar(), x)) throw YAML::BadConversion(node.Mark());
  return x;
}

SourceLocation YamlReader::at(const YAML::Node& node) const {
  const YAML::Mark m = node.Mark();
  return SourceLocation{file_, m.is_null() ? 0 : m.line + 1};
}

void YamlReader::fail(const YAML::Node& node, const std::string& what) const { throwInputError(at(node), what); }

std::string YamlReader::text(const YAML::Node& node, std::string_view what) const {
  if (!node.IsScalar()) fail(node, fmt::format("expected {} here", what));
  return node.Scalar();
}

void YamlReader::expectMap(const YAML::Node& node, std::string_view what,
                           std::initializer_list<std::string_view> allowed) const {
  expectMap(node, what, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

void YamlReader::expectMap(const YAML::Node& node, std::string_view what,
                           std::span<const std::string_view> allowed) const {
  if (!node.IsMap()) fail(node, fmt::format("'{}' must be a mapping of keys ({})", what, quoteList(allowed)));
  std::vector<std::string> seen;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) fail(kv.first, fmt::format("a key in '{}' must be a plain name", what));
    const std::string key = text(kv.first, "a plain key name");
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
      fail(kv.first, fmt::format("key '{}' is given twice in '{}'", key, what));
    seen.push_back(key);
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string_view best;
    std::size_t best_d = 4;
    for (std::string_view k : allowed) {
      const std::size_t d = editDistance(key, k);
      if (d < best_d) {
        best_d = d;
        best = k;
      }
    }
    if (!best.empty())
      fail(kv.first, fmt::format("unknown key '{}' in '{}'; did you mean '{}'?", key, what, best));
    fail(kv.first, fmt::format("unknown key '{}' in '{}'; expected one of: {}", key, what, quoteList(allowed)));
  }
}

std::size_t YamlReader::choice(const YAML::Node& map, std::string_view key, std::string_view what,
                               std::initializer_list<std::string_view> options) const {
  return choice(map, key, what, std::span<const std::string_view>(options.begin(), options.size()));
}

std::size_t YamlReader::choice(const YAML::Node& map, std::string_view key, std::string_view what,
                               std::span<const std::string_view> options) const {
  const std::string v = string(map, key);
  std::size_t i = 0, best_i = options.size(), best_d = 4;
  for (std::string_view o : options) {
    if (v == o) return i;
    const std::size_t d = editDistance(v, o);
    if (d < best_d) {
      best_d = d;
      best_i = i;
    }
    ++i;
  }
  const std::span<const std::string_view> all = options;
  const YAML::Node at = map[std::string(key)];
  if (best_i < options.size())
    fail(at, fmt::format("unknown {} '{}'; did you mean '{}'? expected one of: {}", what, v, all[best_i], quoteList(all)));
  fail(at, fmt::format("unknown {} '{}'; expected one of: {}", what, v, quoteList(all)));
}

void YamlReader::require(const YAML::Node& map, std::string_view key) const {
  if (!map[std::string(key)]) fail(map, fmt::format("missing required key '{}'", key));
}

YAML::Node YamlReader::valueNode(const YAML::Node& node, std::string_view key) const {
  if (node.IsMap()) {
    expectMap(node, key, {"value", "source", "range", "note"});
    if (!node["value"]) fail(node, fmt::format("'{}' needs a 'value'", key));
    if (require_source_) {
      if (!node["source"]) fail(node, fmt::format("'{}' needs a 'source' (a key of this file's 'sources')", key));
      const std::string src = text(node["source"], "a source key");
      if (!known_sources_.empty() &&
          std::find(known_sources_.begin(), known_sources_.end(), src) == known_sources_.end())
        fail(node["source"], fmt::format("source '{}' of '{}' is not listed under 'sources'", src, key));
    }
    return node["value"];
  }
  if (require_source_) fail(node, fmt::format("'{}' needs the form {{value: ..., source: ...}} in the catalog", key));
  return node;
}

double YamlReader::number(const YAML::Node& map, std::string_view key, double lo, double hi) const {
  const YAML::Node raw = map[std::string(key)];
  if (!raw) fail(map, fmt::format("missing required key '{}'", key));
  const YAML::Node v = valueNode(raw, key);
  double x = 0.0;
  try {
    if (!v.IsScalar()) throw YAML::BadConversion(v.Mark());
    x = decimalOf(v);
  } catch (const YAML::BadConversion&) {
    fail(v, fmt::format("'{}' must be a number, between {} and {}", key, lo, hi));
  }
  if (!std::isfinite(x) || x < lo || x > hi)
    fail(v, fmt::format("'{}' is {}, out of range: expected a number between {} and {}", key, x, lo, hi));
  return x;
}

std::optional<double> YamlReader::optionalNumber(const YAML::Node& map, std::string_view key, double lo,
                                                 double hi) const {
  if (!map[std::string(key)]) return std::nullopt;
  return number(map, key, lo, hi);
}

std::string YamlReader::string(const YAML::Node& map, std::string_view key) const {
  const YAML::Node raw = map[std::string(key)];
  if (!raw) fail(map, fmt::format("missing required key '{}'", key));
  const YAML::Node v = raw.IsMap() ? valueNode(raw, key) : raw;
  if (!v.IsScalar()) fail(v, fmt::format("'{}' must be a text value", key));
  return v.as<std::string>();
}

std::optional<std::string> YamlReader::optionalString(const YAML::Node& map, std::string_view key) const {
  if (!map[std::string(key)]) return std::nullopt;
  return string(map, key);
}

bool YamlReader::boolean(const YAML::Node& map, std::string_view key) const {
  const YAML::Node raw = map[std::string(key)];
  if (!raw) fail(map, fmt::format("missing required key '{}'", key));
  const YAML::Node v = valueNode(raw, key);
  try {
    if (!v.IsScalar()) throw YAML::BadConversion(v.Mark());
    return v.as<bool>();
  } catch (const YAML::BadConversion&) {
    fail(v, fmt::format("'{}' must be true or false", key));
  }
}

std::vector<std::pair<double, double>> YamlReader::pairTable(const YAML::Node& map, std::string_view key) const {
  const YAML::Node raw = map[std::string(key)];
  if (!raw) fail(map, fmt::format("missing required key '{}'", key));
  const YAML::Node v = valueNode(raw, key);
  std::vector<std::pair<double, double>> out;
  const auto bad = [&](const YAML::Node& n) {
    fail(n, fmt::format("'{}' must be a list of [x, y] number pairs with x increasing", key));
  };
  if (!v.IsSequence() || v.size() == 0) bad(v);
  for (const YAML::Node& row : v) {
    if (!row.IsSequence() || row.size() != 2) bad(row);
    try {
      out.emplace_back(decimalOf(row[0]), decimalOf(row[1]));
    } catch (const YAML::BadConversion&) {
      bad(row);
    }
    if (out.size() > 1 && !(out.back().first > out[out.size() - 2].first)) bad(row);
  }
  return out;
}

std::pair<double, double> YamlReader::numberPair(const YAML::Node& node, std::string_view not_a_pair,
                                                std::string_view not_numbers) const {
  if (!node.IsSequence() || node.size() != 2) fail(node, std::string(not_a_pair));
  try {
    return {decimalOf(node[0]), decimalOf(node[1])};
  } catch (const YAML::BadConversion&) {
    fail(node, std::string(not_numbers));
  }
}

}  // namespace picket::scenario
