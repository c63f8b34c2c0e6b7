#include "engagement/doctrine.h"

#include <algorithm>
#include <memory>

namespace picket::engagement {

namespace {

// One round, then a look: a second round only after the first missed (the magazine's best use
// when the time allows two intercepts in turn).
class ShootLookShoot final : public Doctrine {
 public:
  [[nodiscard]] int shotsPerLook(int) const override { return 1; }
  [[nodiscard]] int defaultSalvo() const override { return 1; }
  [[nodiscard]] std::string checkSalvo(int salvo) const override {
    return salvo == 1 ? "" : "shoot-look-shoot fires one interceptor per look: drop 'salvo' or use shoot-shoot-look";
  }
};

// A salvo of two or more rounds together, then a look (more kills when there is time for one
// engagement only, at twice the rounds).
class ShootShootLook final : public Doctrine {
 public:
  [[nodiscard]] int shotsPerLook(int salvo) const override { return std::max(2, salvo); }
  [[nodiscard]] int defaultSalvo() const override { return 2; }
  [[nodiscard]] std::string checkSalvo(int salvo) const override {
    return salvo >= 2 ? "" : "shoot-shoot-look fires a salvo of two or more: salvo must be at least 2";
  }
};

// Shoot-look-shoot while there is time to look and shoot again, else the salvo at once (a
// barrage): the rule "shoot-look-shoot when time allows" of the layered-defence literature
// (Wilkening 2000, sec. 4; docs/engagement-sources.md 5.3). The assignment plans on one round.
class Adaptive final : public Doctrine {
 public:
  [[nodiscard]] int shotsPerLook(int) const override { return 1; }
  [[nodiscard]] int shotsBeforeLook(int salvo, bool time_for_another_look) const override {
    return time_for_another_look ? 1 : std::max(2, salvo);
  }
  [[nodiscard]] int defaultSalvo() const override { return 2; }
  [[nodiscard]] std::string checkSalvo(int salvo) const override {
    return salvo >= 2 ? "" : "adaptive fires a salvo of two or more when there is no time to look: salvo must be at least 2";
  }
};

template <class D>
std::unique_ptr<const Doctrine> make() {
  return std::make_unique<const D>();
}

constexpr DoctrineRegistry::Entry kDoctrines[] = {
    {"shoot-look-shoot", "one interceptor, a look at the result, another only after a miss", make<ShootLookShoot>},
    {"shoot-shoot-look", "a salvo (2 or more) together, then a look", make<ShootShootLook>},
    {"adaptive", "shoot-look-shoot while a look leaves time for another shot, else the salvo at once", make<Adaptive>},
};

}  // namespace

const DoctrineRegistry& doctrineRegistry() {
  static const DoctrineRegistry registry{kDoctrines};
  return registry;
}

}  // namespace picket::engagement
