// The variable parts of a model, chosen by name in a scenario (a tracking filter, ...): a table of
// named factories, so that adding one is a class and an entry in its table (issue 14). A registry
// is a constant table; looking a name up allocates nothing, and making a part is done once, when
// the models are built.
#pragma once

#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/spelling.h"

namespace picket {

template <class Part, class... Args>
class Registry {
 public:
  using Make = std::unique_ptr<const Part> (*)(Args...);
  struct Entry {
    std::string_view name;     // the scenario's value
    std::string_view summary;  // one line, for --help and the docs
    Make make;
  };

  constexpr explicit Registry(std::span<const Entry> entries) : entries_(entries) {}

  [[nodiscard]] const Entry* find(std::string_view name) const {
    for (const Entry& e : entries_)
      if (e.name == name) return &e;
    return nullptr;
  }
  [[nodiscard]] std::span<const Entry> entries() const { return entries_; }
  // The part of that name; throws std::invalid_argument for a name the registry does not hold
  // (a scenario's names are checked with find() first, to say where they were written).
  [[nodiscard]] std::unique_ptr<const Part> make(std::string_view name, Args... args) const {
    const Entry* e = find(name);
    if (e == nullptr) throw std::invalid_argument("no entry '" + std::string(name) + "' in the registry");
    return e->make(args...);
  }
  // "unknown doctrine 'shoot-look-shot'; did you mean 'shoot-look-shoot'? expected shoot-look-shoot
  // or shoot-shoot-look": for the error on a name the registry does not hold.
  [[nodiscard]] std::string unknown(std::string_view what, std::string_view name) const {
    std::string out = "unknown " + std::string(what) + " '" + std::string(name) + "'; ";
    std::size_t best = 4;  // suggest only within three edits
    std::string_view closest;
    for (const Entry& e : entries_)
      if (const std::size_t d = editDistance(name, e.name); d < best) {
        best = d;
        closest = e.name;
      }
    if (!closest.empty()) out += "did you mean '" + std::string(closest) + "'? ";
    return out + "expected " + names();
  }
  // "ekf or ukf", "a, b or c": for messages.
  [[nodiscard]] std::string names() const {
    std::string out;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (i > 0) out += i + 1 == entries_.size() ? " or " : ", ";
      out += entries_[i].name;
    }
    return out;
  }

 private:
  std::span<const Entry> entries_;
};

}  // namespace picket
