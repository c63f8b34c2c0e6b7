// picket_peers: a Python module for bench/side_by_side.py. It runs, in the Python process that
// also drives SciPy, the same flight three ways on the same right-hand side (flight/dynamics.h):
//  - picket: flight::flyMissile (DOP853, segments, events on the dense output);
//  - Boost.odeint: runge_kutta_dopri5 wrapped in its controlled stepper, segment by segment,
//    impact found by bisection on the step size (odeint's controlled steppers have no dense output);
//  - SciPy: through rhs()/altitude(), which expose the same C++ right-hand side to solve_ivp.
#include <chrono>
#include <cmath>
#include <limits>

#include <boost/numeric/odeint.hpp>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bench_setup.h"

namespace py = pybind11;
using namespace picket;
using flight::StateVector;

namespace {

struct Impact {
  double lat_deg, lon_deg, t_s;
  long evaluations;
};

class Peers {
 public:
  Peers() : w_(bench::flagshipWorkload()), base_(w_.plan), segments_(flight::planSegments(*w_.earth, *w_.missile, w_.launch, w_.plan)) {}

  // A family of flights around the flagship (the launch azimuth and the cut-off nudged), so that a
  // tolerance is judged on how reliably it reaches an impact error, not on one lucky flight.
  void setVariant(int k) {
    static constexpr double kAz[] = {0.0, 0.3, -0.3, 0.7, -0.7, 1.1, -1.1, 1.5};
    static constexpr double kCut[] = {0.0, -0.4, 0.4, -0.9, 0.9, -1.3, 1.3, -1.7};
    const auto i = static_cast<std::size_t>(k) % 8;
    w_.plan = base_;
    w_.plan.azimuth_deg += kAz[i];
    w_.plan.cutoff_s += kCut[i];
    segments_ = flight::planSegments(*w_.earth, *w_.missile, w_.launch, w_.plan);
  }

  StateVector initialState() const {
    return flight::launchState(*w_.earth, w_.launch, w_.missile->launchMass_kg());
  }

  Impact picket(double tol) const {
    // Like the odeint peer, keep no trajectory (events are still found); reuse the workspace.
    flight::FlightResult& r = work_;
    flight::FlightOptions o = bench::optionsFor(tol);
    o.record = false;
    flight::flyMissile(w_.models(), *w_.missile, w_.launch, w_.plan, o, r);
    return {r.impact.position.lat_deg, r.impact.position.lon_deg, r.impact.t_s, r.rhs_evaluations};
  }

  Impact odeint(double tol) const {
    namespace ode = boost::numeric::odeint;
    using Stepper = ode::runge_kutta_dopri5<StateVector>;
    auto controlled = ode::make_controlled(tol * 10.0, tol, Stepper());
    StateVector y = initialState();
    double t = 0.0, dt = 0.1;
    long evals = 0;
    for (const flight::Segment& seg : segments_) {
      const flight::Dynamics dyn{*w_.earth, *w_.atmosphere, w_.earth->rotationRate_radps(), &seg.phase};
      auto sys = [&](const StateVector& x, StateVector& dxdt, double tt) {
        ++evals;
        dyn(tt, x, dxdt);
      };
      if (std::isfinite(seg.t_end_s)) {
        if (seg.t_end_s > t) ode::integrate_adaptive(controlled, sys, y, t, seg.t_end_s, dt);
        t = seg.t_end_s;
      } else {
        // Step until the altitude turns negative, then bisect the last step to 1 microsecond.
        for (;;) {
          const StateVector y_prev = y;
          const double t_prev = t;
          while (controlled.try_step(sys, y, t, dt) == ode::fail) {
          }
          if (w_.earth->altitude_m(world::Vec3(y[0], y[1], y[2])) <= 0.0) {
            double lo = 0.0, hi = t - t_prev;
            Stepper plain;
            StateVector probe;
            while (hi - lo > 1e-6) {
              const double mid = 0.5 * (lo + hi);
              plain.do_step(sys, y_prev, t_prev, probe, mid);
              (w_.earth->altitude_m(world::Vec3(probe[0], probe[1], probe[2])) > 0.0 ? lo : hi) = mid;
            }
            plain.do_step(sys, y_prev, t_prev, y, hi);
            t = t_prev + hi;
            break;
          }
        }
      }
      if (seg.mass_after_kg >= 0.0) y[6] = seg.mass_after_kg;
    }
    const auto [lat, lon] = impactPoint(t, y);
    return {lat, lon, t, evals};
  }

  // Flights per second over at least min_s seconds, timed in C++.
  template <class F>
  static double rate(F&& fly, double min_s) {
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    long n = 0;
    double elapsed = 0.0;
    do {
      fly();
      ++n;
      elapsed = std::chrono::duration<double>(clock::now() - t0).count();
    } while (elapsed < min_s);
    return static_cast<double>(n) / elapsed;
  }

  std::pair<double, double> impactPoint(double t, const StateVector& y) const {
    const world::Geodetic g = w_.earth->geodeticFromEcef(w_.earth->ecefFromEci(world::Vec3(y[0], y[1], y[2]), t));
    return {g.lat_deg, g.lon_deg};
  }

  py::array_t<double> rhs(std::size_t segment, double t, py::array_t<double, py::array::c_style | py::array::forcecast> y) const {
    StateVector x, dx;
    const double* p = y.data();
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = p[i];
    const flight::Dynamics dyn{*w_.earth, *w_.atmosphere, w_.earth->rotationRate_radps(), &segments_.at(segment).phase};
    dyn(t, x, dx);
    py::array_t<double> out(static_cast<py::ssize_t>(dx.size()));
    std::copy(dx.begin(), dx.end(), out.mutable_data());
    return out;
  }

  double altitude(py::array_t<double, py::array::c_style | py::array::forcecast> y) const {
    const double* p = y.data();
    return w_.earth->altitude_m(world::Vec3(p[0], p[1], p[2]));
  }

  std::vector<std::pair<double, double>> segments() const {
    std::vector<std::pair<double, double>> out;
    for (const auto& s : segments_) out.emplace_back(s.t_end_s, s.mass_after_kg);
    return out;
  }

  double distance(double lat1, double lon1, double lat2, double lon2) const {
    return w_.earth->inverse(lat1, lon1, lat2, lon2).distance_m;
  }

 private:
  bench::Workload w_;
  flight::GuidancePlan base_;
  std::vector<flight::Segment> segments_;
  mutable flight::FlightResult work_;
};

py::dict toDict(const Impact& i) {
  py::dict d;
  d["lat_deg"] = i.lat_deg;
  d["lon_deg"] = i.lon_deg;
  d["t_s"] = i.t_s;
  d["rhs_evaluations"] = i.evaluations;
  return d;
}

}  // namespace

PYBIND11_MODULE(picket_peers, m) {
  m.doc() = "picket, Boost.odeint and SciPy on the same Hwasong-12 flight (bench/side_by_side.py)";
  py::class_<Peers>(m, "Peers")
      .def(py::init<>())
      .def("picket", [](const Peers& p, double tol) { return toDict(p.picket(tol)); })
      .def("odeint", [](const Peers& p, double tol) { return toDict(p.odeint(tol)); })
      .def("picket_rate", [](const Peers& p, double tol, double min_s) { return Peers::rate([&] { p.picket(tol); }, min_s); })
      .def("odeint_rate", [](const Peers& p, double tol, double min_s) { return Peers::rate([&] { p.odeint(tol); }, min_s); })
      .def("set_variant", &Peers::setVariant)
      .def("initial_state", &Peers::initialState)
      .def("segments", &Peers::segments)
      .def("rhs", &Peers::rhs)
      .def("altitude", &Peers::altitude)
      .def("impact_point", [](const Peers& p, double t, std::vector<double> y) {
        StateVector x;
        std::copy(y.begin(), y.end(), x.begin());
        return p.impactPoint(t, x);
      })
      .def("distance", &Peers::distance);
}
