#include "montecarlo/statistics.h"

#include <algorithm>
#include <cmath>

namespace picket::montecarlo {

using nlohmann::json;

Proportion wilson(std::size_t successes, std::size_t trials) {
  Proportion p;
  p.successes = successes;
  p.trials = trials;
  if (trials == 0) return p;
  constexpr double z = 1.959963984540054;  // the normal's 97.5 % quantile
  const double n = static_cast<double>(trials);
  const double phat = static_cast<double>(successes) / n;
  const double denom = 1.0 + z * z / n;
  const double centre = (phat + z * z / (2.0 * n)) / denom;
  const double half = z * std::sqrt(phat * (1.0 - phat) / n + z * z / (4.0 * n * n)) / denom;
  p.estimate = phat;
  p.lo = std::max(0.0, centre - half);
  p.hi = std::min(1.0, centre + half);
  return p;
}

void Histogram::add(double x) {
  const auto k = static_cast<std::size_t>(std::max(0.0, std::floor(x / width)));
  if (counts.size() <= k) counts.resize(k + 1, 0);
  ++counts[k];
  sum += x;
  ++n;
}

Quantiles Histogram::quantiles(bool integer) const {
  Quantiles q;
  if (n == 0) return q;
  q.mean = sum / static_cast<double>(n);
  const auto rank = [&](double p) {
    const auto k = std::max<std::size_t>(static_cast<std::size_t>(std::ceil(p * static_cast<double>(n))), 1);
    std::size_t c = 0;
    for (std::size_t b = 0; b < counts.size(); ++b) {
      c += counts[b];
      if (c >= k) return static_cast<double>(b) * width + (integer ? 0.0 : 0.5 * width);
    }
    return static_cast<double>(counts.size()) * width;
  };
  q.p5 = rank(0.05);
  q.p50 = rank(0.50);
  q.p95 = rank(0.95);
  return q;
}

Accumulator::Accumulator(std::size_t shooters) { s_.shots_per_shooter.assign(shooters, Histogram{1.0, {}, 0.0, 0}); }

void Accumulator::add(const TrialRecord& r) {
  ++s_.trials;
  if (r.failed) {
    ++s_.failed;
    if (s_.failures.size() < kMaxFailuresKept) s_.failures.emplace_back(r.trial, r.failure);
    return;
  }
  if (r.leakers == 0) ++clean_;
  if (r.nuclear > 0) s_.labelled_nuclear = true;
  if (r.nuclear_leakers == 0) ++no_nuclear_down_;
  s_.nuclear_leakers.add(r.nuclear_leakers);
  s_.conventional_leakers.add(r.conventional_leakers);
  s_.rounds_not_at_warheads.add(r.rounds_not_at_warheads);
  const auto leakers = static_cast<std::size_t>(std::max(r.leakers, 0));
  if (s_.leakers.size() <= leakers) s_.leakers.resize(leakers + 1, 0);
  ++s_.leakers[leakers];
  for (std::size_t k = 0; k < s_.shots_per_shooter.size(); ++k)
    s_.shots_per_shooter[k].add(k < r.shots_per_shooter.size() ? r.shots_per_shooter[k] : 0);
  for (const double h : r.kill_alt_m) s_.kill_alt_m.add(h);
  bool false_alarm = false, missed = false;
  for (const PrefectureRecord& p : r.prefectures) {
    if (p.prefecture < 0) continue;
    auto it = std::lower_bound(s_.prefectures.begin(), s_.prefectures.end(), p.prefecture,
                               [](const PrefectureStatistics& s, int id) { return s.prefecture < id; });
    if (it == s_.prefectures.end() || it->prefecture != p.prefecture) {
      it = s_.prefectures.insert(it, PrefectureStatistics{});
      it->prefecture = p.prefecture;
    }
    const bool warned = p.alerted && p.warning_s > 0.0;
    if (p.alerted) ++it->alerted;
    if (p.in_danger) {
      ++it->in_danger;
      if (warned) {
        ++it->warned.successes;
        it->warning_s.add(p.warning_s);
      } else {
        missed = true;
      }
    } else if (p.alerted) {
      ++it->false_alarms;
      false_alarm = true;
    }
  }
  if (false_alarm) ++with_false_alarm_;
  if (missed) ++with_missed_;
}

Statistics Accumulator::statistics() const {
  Statistics s = s_;
  const std::size_t good = s.good();
  s.no_leaker = wilson(clean_, good);
  s.no_nuclear_leaker = wilson(no_nuclear_down_, good);
  s.false_alarm = wilson(with_false_alarm_, good);
  s.missed_alert = wilson(with_missed_, good);
  for (PrefectureStatistics& p : s.prefectures) p.warned = wilson(p.warned.successes, p.in_danger);
  return s;
}

namespace {

json histogramState(const Histogram& h) { return {{"width", h.width}, {"counts", h.counts}, {"sum", h.sum}, {"n", h.n}}; }
Histogram histogramFrom(const json& j) {
  return Histogram{j.at("width").get<double>(), j.at("counts").get<std::vector<std::size_t>>(), j.at("sum").get<double>(),
                   j.at("n").get<std::size_t>()};
}

}  // namespace

json Accumulator::state() const {
  json shots = json::array(), prefectures = json::array();
  for (const Histogram& h : s_.shots_per_shooter) shots.push_back(histogramState(h));
  for (const PrefectureStatistics& p : s_.prefectures)
    prefectures.push_back({{"prefecture", p.prefecture},
                           {"in_danger", p.in_danger},
                           {"warned", p.warned.successes},
                           {"alerted", p.alerted},
                           {"false_alarms", p.false_alarms},
                           {"warning_s", histogramState(p.warning_s)}});
  return {{"trials", s_.trials},          {"failed", s_.failed},
          {"clean", clean_},              {"with_false_alarm", with_false_alarm_},
          {"with_missed", with_missed_},  {"leakers", s_.leakers},
          {"shots", shots},               {"kill_alt_m", histogramState(s_.kill_alt_m)},
          {"prefectures", prefectures}, {"failures", s_.failures},
          {"labelled_nuclear", s_.labelled_nuclear}, {"no_nuclear_down", no_nuclear_down_},
          {"nuclear_leakers", histogramState(s_.nuclear_leakers)},
          {"conventional_leakers", histogramState(s_.conventional_leakers)},
          {"rounds_not_at_warheads", histogramState(s_.rounds_not_at_warheads)}};
}

Accumulator Accumulator::fromState(const json& j) {
  Accumulator a;
  a.s_.trials = j.at("trials").get<std::size_t>();
  a.s_.failed = j.at("failed").get<std::size_t>();
  a.clean_ = j.at("clean").get<std::size_t>();
  a.with_false_alarm_ = j.at("with_false_alarm").get<std::size_t>();
  a.with_missed_ = j.at("with_missed").get<std::size_t>();
  a.s_.leakers = j.at("leakers").get<std::vector<std::size_t>>();
  for (const json& h : j.at("shots")) a.s_.shots_per_shooter.push_back(histogramFrom(h));
  a.s_.kill_alt_m = histogramFrom(j.at("kill_alt_m"));
  a.s_.labelled_nuclear = j.at("labelled_nuclear").get<bool>();
  a.no_nuclear_down_ = j.at("no_nuclear_down").get<std::size_t>();
  a.s_.nuclear_leakers = histogramFrom(j.at("nuclear_leakers"));
  a.s_.conventional_leakers = histogramFrom(j.at("conventional_leakers"));
  a.s_.rounds_not_at_warheads = histogramFrom(j.at("rounds_not_at_warheads"));
  a.s_.failures = j.at("failures").get<std::vector<std::pair<std::uint64_t, std::string>>>();
  for (const json& p : j.at("prefectures")) {
    PrefectureStatistics ps;
    ps.prefecture = p.at("prefecture").get<int>();
    ps.in_danger = p.at("in_danger").get<std::size_t>();
    ps.warned.successes = p.at("warned").get<std::size_t>();
    ps.alerted = p.at("alerted").get<std::size_t>();
    ps.false_alarms = p.at("false_alarms").get<std::size_t>();
    ps.warning_s = histogramFrom(p.at("warning_s"));
    a.s_.prefectures.push_back(ps);
  }
  return a;
}

}  // namespace picket::montecarlo
