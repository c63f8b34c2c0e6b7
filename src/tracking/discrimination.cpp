#include "tracking/discrimination.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace picket::tracking {

std::vector<char> mayBeLethal(const TrackerState& st, const DiscriminationOptions& o) {
  std::map<int, double> smallest;  // per family, over objects with enough looks
  for (const TrackedObject& obj : st.objects) {
    if (obj.merged_into > 0 || obj.rcs_looks < o.min_looks) continue;
    const auto [it, fresh] = smallest.try_emplace(obj.family, obj.rcs_m2());
    if (!fresh) it->second = std::min(it->second, obj.rcs_m2());
  }
  std::vector<char> out(st.objects.size(), 1);
  for (const TrackedObject& obj : st.objects) {
    const TrackedObject& c = st.object(st.canonicalObject(obj.id));
    const auto it = smallest.find(c.family);
    if (c.rcs_looks >= o.min_looks && it != smallest.end() && c.rcs_m2() >= o.ratio * it->second)
      out[static_cast<std::size_t>(obj.id - 1)] = 0;
  }
  return out;
}

bool showsLight(double inv_beta, double inv_beta_variance, double light_beta_kg_m2) {
  if (light_beta_kg_m2 <= 0.0) return false;  // off
  return inv_beta - 3.0 * std::sqrt(std::max(inv_beta_variance, 0.0)) > 1.0 / light_beta_kg_m2;
}

double beliefLethal(double prior_p_lethal, double llr_sum) {
  const double odds = prior_p_lethal / (1.0 - prior_p_lethal) * std::exp(std::clamp(llr_sum, -700.0, 700.0));
  return std::isinf(odds) ? 1.0 : odds / (1.0 + odds);
}

}  // namespace picket::tracking
