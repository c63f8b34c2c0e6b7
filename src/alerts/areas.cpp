#include "alerts/areas.h"

#include <algorithm>

#include <fmt/format.h>

namespace picket::alerts {

namespace {

int prefectureOf(const world::Geography& geo, const std::string& name, const SourceLocation& where) {
  const int i = geo.findPrefecture(name);
  if (i < 0) throwInputError(where, fmt::format("unknown prefecture '{}': expected an English name as in data/geo", name));
  return i;
}

void sortUnique(std::vector<int>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool holds(const std::vector<int>& sorted, int x) { return std::binary_search(sorted.begin(), sorted.end(), x); }

}  // namespace

AlertAreas::AlertAreas(const world::Geography& geo, const scenario::AlertConfig& cfg) : policy_(cfg.policy) {
  neighbours_.resize(static_cast<std::size_t>(geo.prefectureCount()));
  for (const scenario::AlertNeighbourConfig& n : cfg.areas.neighbours) {
    const int a = prefectureOf(geo, n.a, n.where), b = prefectureOf(geo, n.b, n.where);
    neighbours_[static_cast<std::size_t>(a)].push_back(b);
    neighbours_[static_cast<std::size_t>(b)].push_back(a);
  }
  for (std::vector<int>& v : neighbours_) sortUnique(v);
  for (const scenario::AlertBlockConfig& b : cfg.areas.blocks) {
    Block block;
    block.name = b.name;
    for (const std::string& p : b.core) block.all.push_back(prefectureOf(geo, p, b.where));
    for (const std::string& p : b.related) block.all.push_back(prefectureOf(geo, p, b.where));
    sortUnique(block.all);
    blocks_.push_back(std::move(block));
  }
}

std::vector<std::string> AlertAreas::blocksFor(std::span<const int> under) const {
  std::vector<std::string> out;
  if (policy_ != scenario::AlertPolicy::kBlock2017) return out;
  for (const Block& b : blocks_)
    if (std::any_of(under.begin(), under.end(), [&](int p) { return holds(b.all, p); })) out.push_back(b.name);
  return out;
}

std::vector<int> AlertAreas::expand(std::span<const int> under) const {
  std::vector<int> out(under.begin(), under.end());
  switch (policy_) {
    case scenario::AlertPolicy::kNeighbours2023:
      for (int p : under) {
        const std::vector<int>& n = neighbours_[static_cast<std::size_t>(p)];
        out.insert(out.end(), n.begin(), n.end());
      }
      break;
    case scenario::AlertPolicy::kBlock2017:
      out.clear();
      for (const Block& b : blocks_)
        if (std::any_of(under.begin(), under.end(), [&](int p) { return holds(b.all, p); }))
          out.insert(out.end(), b.all.begin(), b.all.end());
      break;
    case scenario::AlertPolicy::kNone:
      out.clear();
      break;
    case scenario::AlertPolicy::kPrefecture2019:
    case scenario::AlertPolicy::kCorridor:
      break;
  }
  sortUnique(out);
  return out;
}

}  // namespace picket::alerts
