// The engagement doctrine: how many interceptors a shooter fires at a threat before it looks to
// see whether they killed, chosen by a shooter's `doctrine:` key through doctrineRegistry()
// (doctrine.cpp): adding one is a class and an entry there. The battle manager (battle.h) fires
// shotsPerLook(salvo) rounds, launch_interval_s apart, waits for the last intercept and the kill
// assessment, and fires again while the threat lives, the time allows and the magazine holds.
// Shoot-look-shoot and shoot-shoot-look: docs/engagement.md (the battle manager's step 4) and
// docs/engagement-sources.md section 5.3; their kill arithmetic is that of Wilkening, "A Simple
// Model for Calculating Ballistic Missile Defense Effectiveness", Science & Global Security 8
// (2000) 183-215, which montecarlo/test/closed_form_test.cpp checks the battle manager against.
#pragma once

#include <string>

#include "common/registry.h"

namespace picket::engagement {

class Doctrine {
 public:
  virtual ~Doctrine() = default;
  // Rounds fired before each look, for a shooter whose salvo is `salvo` (as the assignment plans).
  [[nodiscard]] virtual int shotsPerLook(int salvo) const = 0;
  // The rounds of the look about to be fired, knowing whether an intercept would still be possible
  // after this one's result is seen (a doctrine that adapts to the time left overrides it).
  [[nodiscard]] virtual int shotsBeforeLook(int salvo, bool time_for_another_look) const {
    (void)time_for_another_look;
    return shotsPerLook(salvo);
  }
  // The salvo of a shooter whose scenario names none.
  [[nodiscard]] virtual int defaultSalvo() const = 0;
  // Empty if `salvo` suits the doctrine; else what is wrong, for the scenario's error.
  [[nodiscard]] virtual std::string checkSalvo(int salvo) const = 0;
};

using DoctrineRegistry = Registry<Doctrine>;
const DoctrineRegistry& doctrineRegistry();

}  // namespace picket::engagement
