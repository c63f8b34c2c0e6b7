// The variable parts of a model, chosen by name in a scenario (a tracking filter, ...): a table of
// named factories, so that adding one is a class and an entry in its table (issue 14). A registry
// is a constant table; looking a name up allocates nothing, and making a part is done once, when
// the models are built.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

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
