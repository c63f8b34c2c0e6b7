#include <cmath>
#include <fstream>
#include <unistd.h>

#include <fmt/format.h>

#include "common/error.h"
#include "common/sha256.h"
#include "common/version.h"
#include "report/format.h"
#include "report/record_words.h"
#include "report/report.h"
#include "report/wording.h"
#include "scenario/loader.h"
#include "scenario/writer.h"

namespace picket::report {
namespace fs = std::filesystem;
using nlohmann::json;
using simulation::SimulationResult;

namespace {


json timeJson(const SimulationResult& r, double t_s) {
  return json{{"t_s", round_to(t_s, 3)},
              {"utc", formatUtc(r.utc(t_s), 3)},
              {"local", formatLocal(r.utc(t_s), r.config.output.time_zone, 0)}};
}

json pointJson(const SimulationResult& r, const flight::KinematicState& k) {
  json j = timeJson(r, k.t_s);
  j["lat_deg"] = round_to(k.position.lat_deg, 6);
  j["lon_deg"] = round_to(k.position.lon_deg, 6);
  j["alt_km"] = round_to(k.position.alt_m / 1e3, 4);
  j["speed_mps"] = round_to(k.speed_mps, 3);
  j["flight_path_angle_deg"] = round_to(k.flight_path_angle_deg, 4);
  j["heading_deg"] = round_to(k.heading_deg, 4);
  return j;
}

json timeZoneJson(const SimulationResult& r) {
  const TimeZone& z = r.config.output.time_zone;
  return json{{"name", z.name}, {"utc_offset", formatOffset(z.offset_s)}};
}

json fixJson(const std::optional<simulation::LandmarkDistance>& fix) {
  if (!fix) return nullptr;
  const simulation::LandmarkDistance& f = *fix;
  return json{{"landmark", f.landmark},
              {"distance_km", round_to(f.distance_m / 1e3, 3)},
              {"bearing_deg", round_to(f.bearing_deg, 2)}};
}

json eventJson(const SimulationResult& r, const simulation::TimelineEvent& e) {
  json j = timeJson(r, e.t_s);
  j["kind"] = timelineKindName(e.kind);
  j["text"] = eventText(r, e);
  if (e.alt_m) j["alt_km"] = round_to(*e.alt_m / 1e3, 4);
  if (e.lat_deg) j["lat_deg"] = round_to(*e.lat_deg, 6);
  if (e.lon_deg) j["lon_deg"] = round_to(*e.lon_deg, 6);
  if (e.speed_mps) j["speed_mps"] = round_to(*e.speed_mps, 3);
  if (!e.country.empty()) j["country"] = e.country;
  if (!e.region.empty()) j["region"] = e.region;
  if (e.threat >= 0 && r.isRaid()) j["threat"] = r.threats.at(static_cast<std::size_t>(e.threat)).name;
  return j;
}

// Writes text to dir/name through a temporary file and a rename (atomic on POSIX file systems).
// One missile's flight: launch, burnout, apogee, impact, overflights and aim.
json threatJson(const SimulationResult& r, const simulation::ThreatResult& th) {
  const flight::FlightResult& f = th.flight;
  const auto& cfg = r.config;
  json j;
  j["name"] = th.name;
  j["missile"] = th.missile_name;
  j["apogee_km"] = round_to(f.apogee.position.alt_m / 1e3, 4);
  j["ground_range_km"] = round_to(f.ground_range_m / 1e3, 4);
  j["flight_time_s"] = round_to(th.end_t_s() - th.launch_t_s, 3);
  json launch = timeJson(r, th.launch_t_s);
  launch["lat_deg"] = th.launch.lat_deg;
  launch["lon_deg"] = th.launch.lon_deg;
  launch["alt_m"] = th.launch.alt_m;
  if (!th.launch.site.empty()) launch["site"] = th.launch.site;
  j["launch"] = launch;
  json burnout = pointJson(r, f.burnout);
  burnout["alt_km"] = round_to(f.burnout.position.alt_m / 1e3, 4);
  j["burnout"] = burnout;
  j["apogee"] = pointJson(r, f.apogee);
  json impact = pointJson(r, f.impact);
  impact["nearest_landmark"] = fixJson(th.impact_fix);
  json from = json::array();
  for (const simulation::LandmarkDistance& fx : th.impact_fixes) from.push_back(fixJson(fx));
  impact["from_landmarks"] = from;
  impact["zone"] = world::zoneName(th.impact_zone);
  if (th.destroyed) {
    // Destroyed: it did not come down. Where it would have, for the analyst, apart.
    const simulation::ThreatResult::Destroyed& d = *th.destroyed;
    json destroyed = timeJson(r, d.t_s);
    destroyed["lat_deg"] = round_to(d.lat_deg, 6);
    destroyed["lon_deg"] = round_to(d.lon_deg, 6);
    destroyed["alt_km"] = round_to(d.alt_m / 1e3, 3);
    destroyed["by"] = d.by;
    j["destroyed"] = destroyed;
    j["impact"] = nullptr;
    j["impact_had_it_not_been_destroyed"] = impact;
  } else if (f.orbit) {
    // In orbit: no impact; the orbit at insertion, and where the flight was when picket stopped.
    const flight::OrbitState& o = *f.orbit;
    json orbit = timeJson(r, o.insertion_t_s);
    orbit["perigee_km"] = round_to(o.perigee_alt_m / 1e3, 3);
    orbit["apogee_km"] = round_to(o.apogee_alt_m / 1e3, 3);
    orbit["inclination_deg"] = round_to(o.inclination_deg, 4);
    orbit["period_s"] = round_to(o.period_s, 2);
    j["orbit"] = orbit;
    j["impact"] = nullptr;
    j["flown_until"] = pointJson(r, f.impact);
  } else {
    j["impact"] = impact;
  }
  json falls = json::array();
  for (const simulation::StageFall& s : th.stage_falls) {
    json fall = timeJson(r, s.t_s);
    fall["stage"] = s.stage + 1;
    fall["lat_deg"] = round_to(s.lat_deg, 6);
    fall["lon_deg"] = round_to(s.lon_deg, 6);
    fall["range_km"] = round_to(s.range_m / 1e3, 3);
    fall["nearest_landmark"] = fixJson(s.fix);
    fall["zone"] = world::zoneName(s.zone);
    falls.push_back(fall);
  }
  j["stage_falls"] = falls;
  json over = json::array();
  for (const simulation::Overflight& o : th.overflights) {
    over.push_back({{"country", o.country},
                    {"region", o.region.empty() ? json(nullptr) : json(o.region)},
                    {"enter_utc", formatUtc(r.utc(o.enter_t_s), 3)},
                    {"exit_utc", formatUtc(r.utc(o.exit_t_s), 3)},
                    {"enter_local", formatLocal(r.utc(o.enter_t_s), cfg.output.time_zone)},
                    {"exit_local", formatLocal(r.utc(o.exit_t_s), cfg.output.time_zone)},
                    {"enter_t_s", round_to(o.enter_t_s, 3)},
                    {"exit_t_s", round_to(o.exit_t_s, 3)},
                    {"duration_s", round_to(o.exit_t_s - o.enter_t_s, 3)}});
  }
  j["overflights"] = over;
  if (th.aim) {
    j["aim"] = {{"launch_azimuth_deg", round_to(th.aim->plan.azimuth_deg, 6)},
                {"pitch_over_deg", round_to(th.aim->plan.pitch_over_deg, 6)},
                {"cutoff_s", round_to(th.aim->plan.cutoff_s, 6)},
                {"miss_m", round_to(th.aim->miss_m, 2)},
                {"reach_km", th.aim->global_reach ? nlohmann::json() : nlohmann::json(round_to(th.aim->reach_m / 1e3, 3))},
                {"global_reach", th.aim->global_reach},
                {"min_energy_apogee_km", th.aim->min_energy_apogee_m
                                             ? nlohmann::json(round_to(*th.aim->min_energy_apogee_m / 1e3, 3))
                                             : nlohmann::json()},
                {"flights_to_solve", th.aim->flights},
                {"shape", th.shape ? scenario::toString(*th.shape) : "?"}};
    if (th.failed) j["aim"]["failed"] = true;  // aim.thrust_ends_s: cutoff_s is when the flight failed
    const flight::UpperStageProgramme& u = th.aim->plan.upper;
    if (u.active)
      j["aim"]["upper_stages"] = {{"pitch_start_deg", round_to(u.pitch_start_deg, 6)},
                                  {"pitch_end_deg", round_to(u.pitch_end_deg, 6)},
                                  {"yaw_deg", round_to(u.yaw_deg, 6)}};
  }
  j["integration"] = {{"steps", f.steps}, {"rhs_evaluations", f.rhs_evaluations}};
  return j;
}

}  // namespace

void writeAtomically(const fs::path& dir, const std::string& name, const std::string& text) {
  std::error_code ec;
  const fs::path final_path = dir / name;
  const fs::path tmp = dir / fmt::format(".{}.tmp-{}", name, ::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      fs::remove(tmp, ec);
      throwInputError(SourceLocation{final_path.string(), 0}, "cannot write the output file");
    }
  }
  fs::rename(tmp, final_path, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(tmp, ec);
    throwInputError(SourceLocation{final_path.string(), 0}, "cannot write the output file: " + why);
  }
}


json provenanceJson(const scenario::ScenarioConfig& config) {
  return {{"picket_version", std::string(picketVersion())},
          {"commit", std::string(picketCommit())},
          {"catalog_sha256", config.catalog_sha256},
          {"scenario_file", config.where.file},
          {"scenario_sha256", config.scenario_sha256},
          {"seed", config.seed},
          // The effective configuration, as the output folder's config.yaml holds it.
          {"config_file", "config.yaml"},
          {"config_sha256", sha256(scenario::toYaml(config))}};
}

json summaryJson(const SimulationResult& r, const scenario::ScenarioConfig* nominal) {
  const auto& cfg = r.config;
  json j;
  j["format"] = "picket-summary/2";
  j["scenario"] = cfg.name;
  j["provenance"] = provenanceJson(nominal != nullptr ? *nominal : cfg);
  j["provenance"]["trial"] = r.trial;
  // A Monte Carlo trial's drawn values (docs/uncertainty.md), by quantity; absent for a nominal run.
  if (!r.draws.empty()) {
    json draws = json::object();
    for (const simulation::Draw& d : r.draws) draws[d.quantity] = d.value;
    j["draws"] = draws;
  }
  j["time_zone"] = timeZoneJson(r);
  j["physics"] = {{"earth", scenario::toString(cfg.physics.earth)},
                  {"rotation", cfg.physics.rotation},
                  {"gravity", scenario::toString(cfg.physics.gravity)},
                  {"atmosphere", scenario::toString(cfg.physics.atmosphere)}};
  // The first missile's flight at the top level (scripts written for one missile keep working);
  // every missile of a raid, the first included, in `threats`.
  json threats = json::array();
  for (const simulation::ThreatResult& th : r.threats) threats.push_back(threatJson(r, th));
  for (const auto& [key, value] : threats.front().items())
    if (key != "name") j[key] = value;
  j["threats"] = threats;
  json events = json::array();
  for (const simulation::TimelineEvent& e : r.timeline) events.push_back(eventJson(r, e));
  j["events"] = events;
  addDefenceSummary(r, j);
  addEngagementSummary(r, j);
  // The run against the scenario's `reported` block (simulation/record.h), where it has one.
  if (!r.record.empty()) {
    json record = json::array();
    for (const simulation::RecordCheck& c : r.record) {
      const RecordWords w = recordWords(c, r.config.output.time_zone);
      record.push_back({{"what", w.what},
                        {"modelled", w.modelled},
                        {"reported", w.reported},
                        {"agency", c.agency},
                        {"missile", c.missile},
                        {"source", c.source},
                        {"difference", w.difference},
                        {"within_precision", c.within_precision},
                        {"within", c.within},
                        {"gate", c.gate},
                        {"modelled_at_all", c.modelled_at_all},
                        {"tolerance", w.tolerance}});
    }
    j["against_record"] = record;
  }
  return j;
}

json eventsJson(const SimulationResult& r) {
  json events = json::array();
  for (const simulation::TimelineEvent& e : r.timeline) events.push_back(eventJson(r, e));
  // The guidance events too, for tools that want every switch.
  for (const simulation::ThreatResult& th : r.threats)
    for (const flight::FlightEvent& e : th.flight.events) {
      if (e.kind != flight::EventKind::kPitchOver && e.kind != flight::EventKind::kGravityTurn) continue;
      json j = timeJson(r, e.t_s);
      j["kind"] = flight::eventName(e.kind);
      j["text"] = e.kind == flight::EventKind::kPitchOver ? "Pitch-over begins" : "Gravity turn begins";
      if (r.isRaid()) j["threat"] = th.name;
      events.push_back(j);
    }
  std::stable_sort(events.begin(), events.end(),
                   [](const json& a, const json& b) { return a["t_s"].get<double>() < b["t_s"].get<double>(); });
  return json{{"format", "picket-events/1"}, {"time_zone", timeZoneJson(r)}, {"events", events}};
}

std::string trajectoryCsv(const SimulationResult& r) {
  // One missile after the other; a raid names each in a last column.
  const bool raid = r.isRaid();
  std::string out =
      "t_s,utc,lat_deg,lon_deg,alt_m,speed_mps,flight_path_angle_deg,heading_deg,mass_kg,x_ecef_m,y_ecef_m,z_ecef_m";
  out += raid ? ",threat\n" : "\n";
  for (const simulation::ThreatResult& th : r.threats) {
    const std::string tail = raid ? fmt::format(",{}\n", csvText(th.name)) : std::string("\n");
    for (const simulation::TrackPoint& p : th.track)
      out += fmt::format("{:.3f},{},{:.7f},{:.7f},{:.2f},{:.3f},{:.4f},{:.4f},{:.2f},{:.2f},{:.2f},{:.2f}{}", p.t_s,
                         formatUtc(r.utc(p.t_s), 3), p.lat_deg, p.lon_deg, p.alt_m, p.speed_mps, p.flight_path_angle_deg,
                         p.heading_deg, p.mass_kg, p.x_Ecef_m, p.y_Ecef_m, p.z_Ecef_m, tail);
  }
  return out;
}

json trajectoryCzmlJson(const SimulationResult& r, std::size_t max_position_samples) {
  const std::string start = formatUtc(r.utc(0.0), 3);
  const std::string stop = formatUtc(r.utc(r.endTime_s()), 3);
  json doc = json::array();
  doc.push_back({{"id", "document"},
                 {"name", r.config.name},
                 {"version", "1.0"},
                 {"clock",
                  {{"interval", start + "/" + stop}, {"currentTime", start}, {"multiplier", 10}, {"range", "CLAMPED"}}}});
  const auto marker = [&](const std::string& id, const std::string& name, double lat, double lon, double alt) {
    doc.push_back({{"id", id},
                   {"name", name},
                   {"position", {{"cartographicDegrees", {round_to(lon, 6), round_to(lat, 6), round_to(alt, 1)}}}},
                   {"point", {{"pixelSize", 10}, {"color", {{"rgba", {255, 255, 255, 255}}}}}},
                   {"label", {{"text", name}, {"font", "12pt sans-serif"}, {"pixelOffset", {{"cartesian2", {0, -18}}}}}}});
  };
  // Decimation: every stride-th sample (and the last), the same stride for every missile, so that
  // the whole raid stays within the budget. Lagrange interpolation of degree 5 through samples a
  // few seconds apart stays on the arc.
  std::size_t samples = 0;
  for (const simulation::ThreatResult& th : r.threats) samples += th.track.size();
  const std::size_t stride = decimationStride(samples, max_position_samples);
  // Ids: "missile", "launch", "apogee", "impact", "ground-track", "stage" for the first missile;
  // "-2", "-3", ... appended for the others of a raid.
  for (std::size_t k = 0; k < r.threats.size(); ++k) {
    const simulation::ThreatResult& th = r.threats[k];
    const std::string suffix = k == 0 ? "" : fmt::format("-{}", k + 1);
    const std::string label = r.linePrefix(th);
    const std::string from = formatUtc(r.utc(th.launch_t_s), 3), to = formatUtc(r.utc(th.end_t_s()), 3);
    json cart = json::array(), ground = json::array();
    for (std::size_t i = 0; i < th.track.size(); ++i) {
      if (i % stride != 0 && i + 1 != th.track.size()) continue;
      const simulation::TrackPoint& p = th.track[i];
      for (const double x : {round_to(p.t_s, 3), round_to(p.x_Ecef_m, 1), round_to(p.y_Ecef_m, 1), round_to(p.z_Ecef_m, 1)})
        cart.push_back(x);
      for (const double x : {round_to(p.lon_deg, 5), round_to(p.lat_deg, 5), 0.0}) ground.push_back(x);
    }
    doc.push_back({{"id", fmt::format("missile{}", suffix)},
                   {"name", r.title(th)},
                   {"availability", from + "/" + to},
                   {"position",
                    {{"epoch", start}, {"referenceFrame", "FIXED"}, {"interpolationAlgorithm", "LAGRANGE"},
                     {"interpolationDegree", 5}, {"cartesian", cart}}},
                   {"point", {{"pixelSize", 8}, {"color", {{"rgba", {255, 64, 32, 255}}}}}},
                   {"path",
                    {{"width", 2}, {"leadTime", 0}, {"trailTime", 1e6}, {"resolution", 5},
                     {"material", {{"solidColor", {{"color", {{"rgba", {255, 160, 0, 255}}}}}}}}}}});
    // The sub-point track, drawn whole from launch on (the path above draws the flight so far).
    doc.push_back({{"id", fmt::format("ground-track{}", suffix)},
                   {"name", fmt::format("{}Ground track", label)},
                   {"availability", from + "/" + stop},
                   {"polyline",
                    {{"positions", {{"cartographicDegrees", ground}}},
                     {"width", 1.5},
                     {"material", {{"solidColor", {{"color", {{"rgba", {255, 160, 0, 110}}}}}}}}}}});
    const flight::FlightResult& f = th.flight;
    marker(fmt::format("launch{}", suffix), fmt::format("{}Launch", label), th.launch.lat_deg, th.launch.lon_deg, th.launch.alt_m);
    if (f.apogee.t_s <= th.end_t_s())
      marker(fmt::format("apogee{}", suffix), fmt::format("{}Apogee {:.0f} km", label, f.apogee.position.alt_m / 1e3),
             f.apogee.position.lat_deg, f.apogee.position.lon_deg, f.apogee.position.alt_m);
    if (th.destroyed)
      marker(fmt::format("destroyed{}", suffix), fmt::format("{}Destroyed by {}", label, th.destroyed->by),
             th.destroyed->lat_deg, th.destroyed->lon_deg, th.destroyed->alt_m);
    else
      marker(fmt::format("impact{}", suffix), fmt::format("{}Impact", label), f.impact.position.lat_deg, f.impact.position.lon_deg, 0.0);
  }
  addDefenceCzml(r, doc, stride);
  addEngagementCzml(r, doc);
  return doc;
}

std::string trajectoryCzml(const SimulationResult& r) { return trajectoryCzmlJson(r, 0).dump(1) + "\n"; }

std::string trajectoryKml(const SimulationResult& r) {
  const auto esc = [](const std::string& s) {
    std::string o;
    for (char ch : s) {
      if (ch == '&') o += "&amp;";
      else if (ch == '<') o += "&lt;";
      else if (ch == '>') o += "&gt;";
      else o += ch;
    }
    return o;
  };
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n";
  out += fmt::format("<name>{}</name>\n", esc(r.config.name));
  out += "<Style id=\"track\"><LineStyle><color>ff0080ff</color><width>3</width></LineStyle></Style>\n";
  for (const simulation::ThreatResult& th : r.threats) {
    out += fmt::format("<Placemark><name>{} trajectory</name><styleUrl>#track</styleUrl><LineString><extrude>0</extrude>"
                       "<altitudeMode>absolute</altitudeMode><coordinates>\n",
                       esc(r.title(th)));
    for (const simulation::TrackPoint& p : th.track) out += fmt::format("{:.6f},{:.6f},{:.1f}\n", p.lon_deg, p.lat_deg, p.alt_m);
    out += "</coordinates></LineString></Placemark>\n";
  }
  for (const simulation::TimelineEvent& e : r.timeline) {
    if (!e.lat_deg) continue;
    out += fmt::format("<Placemark><name>{}</name><description>{}</description><TimeStamp><when>{}</when></TimeStamp>"
                       "<Point><altitudeMode>absolute</altitudeMode><coordinates>{:.6f},{:.6f},{:.1f}</coordinates>"
                       "</Point></Placemark>\n",
                       esc(timelineKindName(e.kind)), esc(eventText(r, e)), formatUtc(r.utc(e.t_s), 3), *e.lon_deg, *e.lat_deg, e.alt_m.value_or(0.0));
  }
  out += "</Document>\n</kml>\n";
  return out;
}

std::string groundTrackGeoJson(const SimulationResult& r) {
  // The sub-point track of each missile, split where it crosses the antimeridian (RFC 7946, section 3.1.9).
  json features = json::array();
  for (const simulation::ThreatResult& th : r.threats) {
    json lines = json::array();
    json cur = json::array();
    double prev_lon = 0.0;
    for (const simulation::TrackPoint& p : th.track) {
      if (!cur.empty() && std::abs(p.lon_deg - prev_lon) > 180.0) {
        if (cur.size() > 1) lines.push_back(cur);  // a LineString needs two positions (RFC 7946 3.1.4)
        cur = json::array();
      }
      cur.push_back({round_to(p.lon_deg, 6), round_to(p.lat_deg, 6)});
      prev_lon = p.lon_deg;
    }
    if (cur.size() > 1) lines.push_back(cur);
    json props = {{"name", fmt::format("{} ground track", r.title(th))}, {"kind", "ground-track"}};
    if (r.isRaid()) props["threat"] = th.name;
    features.push_back({{"type", "Feature"}, {"properties", props}, {"geometry", {{"type", "MultiLineString"}, {"coordinates", lines}}}});
  }
  for (const simulation::TimelineEvent& e : r.timeline) {
    if (!e.lat_deg) continue;
    json props = eventJson(r, e);
    features.push_back({{"type", "Feature"},
                        {"properties", props},
                        {"geometry", {{"type", "Point"}, {"coordinates", {round_to(*e.lon_deg, 6), round_to(*e.lat_deg, 6)}}}}});
  }
  return json{{"type", "FeatureCollection"}, {"features", features}}.dump(1) + "\n";
}

void writeOutputs(const SimulationResult& r, const fs::path& dir, const scenario::ScenarioConfig* nominal) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throwInputError(SourceLocation{dir.string(), 0}, "cannot create the output folder: " + ec.message());
  // Everything is rendered first, then written: an error in rendering leaves no file behind.
  std::vector<std::pair<std::string, std::string>> files = {
      {"summary.json", summaryJson(r, nominal).dump(2) + "\n"}, {"events.json", eventsJson(r).dump(2) + "\n"},
      {"trajectory.csv", trajectoryCsv(r)},              {"trajectory.czml", trajectoryCzml(r)},
      {"trajectory.kml", trajectoryKml(r)},              {"ground-track.geojson", groundTrackGeoJson(r)},
      {"config.yaml", scenario::toYaml(nominal != nullptr ? *nominal : r.config)}};
  if (r.defence.ran) {
    files.emplace_back("detections.csv", detectionsCsv(r));
    files.emplace_back("tracks.csv", tracksCsv(r));
    files.emplace_back("impact-prediction.csv", impactPredictionCsv(r));
    files.emplace_back("alerts.json", alertsJson(r).dump(2) + "\n");
  }
  if (r.engagement.ran) files.emplace_back("engagements.csv", engagementsCsv(r));
  for (const engagement::CoverageMap& m : r.coverage) {
    files.emplace_back("coverage-" + m.config.name + ".geojson", coverageGeoJson(m));
    files.emplace_back("coverage-" + m.config.name + ".csv", coverageCsv(m));
  }
  for (const auto& [name, text] : files) writeAtomically(dir, name, text);
}

std::vector<std::string> outputNames(const SimulationResult& r) {
  std::vector<std::string> names = {"summary.json",    "events.json",    "trajectory.csv",
                                    "trajectory.czml", "trajectory.kml", "ground-track.geojson",
                                    "config.yaml"};
  if (r.defence.ran)
    for (const char* n : {"detections.csv", "tracks.csv", "impact-prediction.csv", "alerts.json"}) names.emplace_back(n);
  if (r.engagement.ran) names.emplace_back("engagements.csv");
  for (const engagement::CoverageMap& m : r.coverage) {
    names.push_back("coverage-" + m.config.name + ".geojson");
    names.push_back("coverage-" + m.config.name + ".csv");
  }
  return names;
}

}  // namespace picket::report
