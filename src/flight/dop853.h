// Embedded Runge-Kutta 8(5,3) of Dormand and Prince ("DOP853"), with step-size control, for
// fixed-size states. Coefficients: E. Hairer, S. P. Norsett, G. Wanner, "Solving Ordinary
// Differential Equations I", 2nd ed., Springer 1993, section II.10, as published with the authors'
// Fortran code dop853.f. Error estimate: the 5th- and 3rd-order embedded differences combined as
// err = |err5|^2 / sqrt(|err5|^2 + 0.01 |err3|^2) (ibid.), in the RMS norm of y scaled by
// atol_i + rtol * max(|y_i|, |y_new_i|).
//
// Why our own rather than Boost.odeint: odeint ships no 8th-order Dormand-Prince and no dense
// output for its 8th-order Fehlberg stepper, and events and piece bounds (flight.cpp) need a
// high-order interpolant over each accepted step, here at the cost of 3 evaluations only when
// asked for. bench/side_by_side.py measures the whole propagator against odeint's dopri5 on the
// same right-hand side, stock, with Hairer's step control, and with picket's own restarts; with
// the restarts dopri5 needs fewer evaluations on the flagship (a 6-stage step and a free
// interpolant per forced restart against 12 + 3), bench/README.md has the figures; so picket
// flies tolerances looser than its default with its own 5(4) pair (dopri5.h, flight.cpp) and keeps
// DOP853 for the default 1e-8 and tighter, where it is the more accurate for the same work.
//
// Usage: the right-hand side is any callable `void(double t, const State& y, State& dydt)`; it is
// inlined. The stepper keeps the state at the start and end of the last accepted step with their
// derivatives (FSAL) and, on demand, the 7th-order dense output over that step. No allocation.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

namespace picket::flight {

template <std::size_t N>
using OdeVector = std::array<double, N>;

template <std::size_t N>
struct Tolerances {
  double rtol = 1e-10;
  OdeVector<N> atol{};  // per component; a very large value drops a component from the error
};

namespace dop853 {
// Nodes c_i and the lower-triangular matrix a_ij of the 12 stages; b = weights of the 8th-order
// solution (row 12 of the extended tableau); the error weights e3 = b - bhh and e5.
inline constexpr std::array<double, 12> c = {
    0.0, 0.526001519587677318785587544488e-01, 0.789002279381515978178381316732e-01,
    0.118350341907227396726757197510, 0.281649658092772603273242802490, 0.333333333333333333333333333333,
    0.25, 0.307692307692307692307692307692, 0.651282051282051282051282051282, 0.6,
    0.857142857142857142857142857142, 1.0};
inline constexpr double a21 = 5.26001519587677318785587544488e-2;
inline constexpr double a31 = 1.97250569845378994544595329183e-2, a32 = 5.91751709536136983633785987549e-2;
inline constexpr double a41 = 2.95875854768068491816892993775e-2, a43 = 8.87627564304205475450678981324e-2;
inline constexpr double a51 = 2.41365134159266685502369798665e-1, a53 = -8.84549479328286085344864962717e-1,
                        a54 = 9.24834003261792003115737966543e-1;
inline constexpr double a61 = 3.7037037037037037037037037037e-2, a64 = 1.70828608729473871279604482173e-1,
                        a65 = 1.25467687566822425016691814123e-1;
inline constexpr double a71 = 3.7109375e-2, a74 = 1.70252211019544039314978060272e-1,
                        a75 = 6.02165389804559606850219397283e-2, a76 = -1.7578125e-2;
inline constexpr double a81 = 3.70920001185047927108779319836e-2, a84 = 1.70383925712239993810214054705e-1,
                        a85 = 1.07262030446373284651809199168e-1, a86 = -1.53194377486244017527936158236e-2,
                        a87 = 8.27378916381402288758473766002e-3;
inline constexpr double a91 = 6.24110958716075717114429577812e-1, a94 = -3.36089262944694129406857109825,
                        a95 = -8.68219346841726006818189891453e-1, a96 = 2.75920996994467083049415600797e1,
                        a97 = 2.01540675504778934086186788979e1, a98 = -4.34898841810699588477366255144e1;
inline constexpr double a101 = 4.77662536438264365890433908527e-1, a104 = -2.48811461997166764192642586468,
                        a105 = -5.90290826836842996371446475743e-1, a106 = 2.12300514481811942347288949897e1,
                        a107 = 1.52792336328824235832596922938e1, a108 = -3.32882109689848629194453265587e1,
                        a109 = -2.03312017085086261358222928593e-2;
inline constexpr double a111 = -9.3714243008598732571704021658e-1, a114 = 5.18637242884406370830023853209,
                        a115 = 1.09143734899672957818500254654, a116 = -8.14978701074692612513997267357,
                        a117 = -1.85200656599969598641566180701e1, a118 = 2.27394870993505042818970056734e1,
                        a119 = 2.49360555267965238987089396762, a1110 = -3.0467644718982195003823669022;
inline constexpr double a121 = 2.27331014751653820792359768449, a124 = -1.05344954667372501984066689879e1,
                        a125 = -2.00087205822486249909675718444, a126 = -1.79589318631187989172765950534e1,
                        a127 = 2.79488845294199600508499808837e1, a128 = -2.85899827713502369474065508674,
                        a129 = -8.87285693353062954433549289258, a1210 = 1.23605671757943030647266201528e1,
                        a1211 = 6.43392746015763530355970484046e-1;
inline constexpr double b1 = 5.42937341165687622380535766363e-2, b6 = 4.45031289275240888144113950566,
                        b7 = 1.89151789931450038304281599044, b8 = -5.8012039600105847814672114227,
                        b9 = 3.1116436695781989440891606237e-1, b10 = -1.52160949662516078556178806805e-1,
                        b11 = 2.01365400804030348374776537501e-1, b12 = 4.47106157277725905176885569043e-2;
inline constexpr double bhh1 = 0.244094488188976377952755905512, bhh2 = 0.733846688281611857341361741547,
                        bhh3 = 0.220588235294117647058823529412e-1;
inline constexpr double er1 = 0.1312004499419488073250102996e-1, er6 = -0.1225156446376204440720569753e1,
                        er7 = -0.4957589496572501915214079952, er8 = 0.1664377182454986536961530415e1,
                        er9 = -0.3503288487499736816886487290, er10 = 0.3341791187130174790297318841,
                        er11 = 0.8192320648511571246570742613e-1, er12 = -0.2235530786388629525884427845e-1;
// Dense output (ibid.; the authors' dop853.f, "contd8"): three more stages and the matrix d that
// builds a 7th-order interpolant over an accepted step.
inline constexpr double c14 = 0.1, c15 = 0.2, c16 = 0.777777777777777777777777777778;
inline constexpr double a141 = 5.61675022830479523392909219681e-2, a147 = 2.53500210216624811088794765333e-1,
                        a148 = -2.46239037470802489917441475441e-1, a149 = -1.24191423263816360469010140626e-1,
                        a1410 = 1.5329179827876569731206322685e-1, a1411 = 8.20105229563468988491666602057e-3,
                        a1412 = 7.56789766054569976138603589584e-3, a1413 = -8.298e-3;
inline constexpr double a151 = 3.18346481635021405060768473261e-2, a156 = 2.83009096723667755288322961402e-2,
                        a157 = 5.35419883074385676223797384372e-2, a158 = -5.49237485713909884646569340306e-2,
                        a1511 = -1.08347328697249322858509316994e-4, a1512 = 3.82571090835658412954920192323e-4,
                        a1513 = -3.40465008687404560802977114492e-4, a1514 = 1.41312443674632500278074618366e-1;
inline constexpr double a161 = -4.28896301583791923408573538692e-1, a166 = -4.69762141536116384314449447206,
                        a167 = 7.68342119606259904184240953878, a168 = 4.06898981839711007970213554331,
                        a169 = 3.56727187455281109270669543021e-1, a1613 = -1.39902416515901462129418009734e-3,
                        a1614 = 2.9475147891527723389556272149, a1615 = -9.15095847217987001081870187138;
// d[row][stage] for rows 4..7 of the interpolant; stages 1, 6..16 (1-based), zero elsewhere.
inline constexpr std::array<std::array<double, 16>, 4> d = {{
    {-0.84289382761090128651353491142e1, 0, 0, 0, 0, 0.56671495351937776962531783590, -0.30689499459498916912797304727e1,
     0.23846676565120698287728149680e1, 0.21170345824450282767155149946e1, -0.87139158377797299206789907490,
     0.22404374302607882758541771650e1, 0.63157877876946881815570249290, -0.88990336451333310820698117400e-1,
     0.18148505520854727256656404962e2, -0.91946323924783554000451984436e1, -0.44360363875948939664310572000e1},
    {0.10427508642579134603413151009e2, 0, 0, 0, 0, 0.24228349177525818288430175319e3, 0.16520045171727028198505394887e3,
     -0.37454675472269020279518312152e3, -0.22113666853125306036270938578e2, 0.77334326684722638389603898808e1,
     -0.30674084731089398182061213626e2, -0.93321305264302278729567221706e1, 0.15697238121770843886131091075e2,
     -0.31139403219565177677282850411e2, -0.93529243588444783865713862664e1, 0.35816841486394083752465898540e2},
    {0.19985053242002433820987653617e2, 0, 0, 0, 0, -0.38703730874935176555105901742e3, -0.18917813819516756882830838328e3,
     0.52780815920542364900561016686e3, -0.11573902539959630126141871134e2, 0.68812326946963000169666922661e1,
     -0.10006050966910838403183860980e1, 0.77771377980534432092869265740, -0.27782057523535084065932004339e1,
     -0.60196695231264120758267380846e2, 0.84320405506677161018159903784e2, 0.11992291136182789328035130030e2},
    {-0.25693933462703749003312586129e2, 0, 0, 0, 0, -0.15418974869023643374053993627e3, -0.23152937917604549567536039109e3,
     0.35763911791061412378285349910e3, 0.93405324183624310003907691704e2, -0.37458323136451633156875139351e2,
     0.10409964950896230045147246184e3, 0.29840293426660503123344363579e2, -0.43533456590011143754432175058e2,
     0.96324553959188282948394950600e2, -0.39177261675615439165231486172e2, -0.14972683625798562581422125276e3},
}};
}  // namespace dop853

template <std::size_t N, class Rhs>
class Dop853 {
 public:
  using State = OdeVector<N>;

  Dop853(const Rhs& rhs, const Tolerances<N>& tol) : rhs_(rhs), tol_(tol) {}

  // Starts (or restarts, after a discontinuity) at (t, y). Keeps the last step size as a guess
  // unless h_guess_s > 0 (measured: Hairer's fresh estimate at every restart costs 10 % more
  // evaluations on the flagship than the rejections it saves).
  void reset(double t, const State& y, double h_guess_s = 0.0) {
    t_ = t;
    y_ = y;
    rhs_(t_, y_, f_);
    ++evaluations_;
    dense_ready_ = false;
    if (h_guess_s > 0.0) h_ = h_guess_s;
    if (h_ <= 0.0) h_ = initialStep();
  }

  // Restarts at (t, y) with its derivative f already known (no evaluation).
  void reset(double t, const State& y, const State& f) {
    t_ = t;
    y_ = y;
    f_ = f;
    dense_ready_ = false;
  }

  // Caps the next step (after a step was cut short, its proposed successor is not to be trusted).
  void limitStep(double h_max) { h_ = std::min(h_, h_max); }

  // Takes one accepted step toward t_stop (never past it). Returns false if the step size fell
  // below the round-off floor (the problem is too stiff or the tolerance too tight).
  bool step(double t_stop) {
    t_prev_ = t_;
    y_prev_ = y_;
    f_prev_ = f_;
    for (int tries = 0; tries < 100; ++tries) {
      const double h_floor = 16.0 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(t_));
      double h = std::min(h_, t_stop - t_);
      bool last = false;
      if (h >= t_stop - t_ - h_floor) {
        h = t_stop - t_;
        last = true;
      }
      if (h < h_floor) return false;
      const double err = attempt(t_, y_, f_, h, y1_);
      if (err <= 1.0) {
        // Accept: y_new and f_new were stored in y1_ and k_[12 - 1] by attempt_step.
        t_ = last ? t_stop : t_ + h;
        h_last_ = t_ - t_prev_;
        dense_ready_ = false;
        y_ = y1_;
        rhs_(t_, y_, f_);
        ++evaluations_;
        const double fac = err == 0.0 ? 10.0 : std::min(10.0, std::max(0.2, 0.9 * std::pow(err, -1.0 / 8.0)));
        // After a rejection, do not grow the step in the same breath (Hairer's rule).
        const double grow = rejected_last_ ? std::min(1.0, fac) : fac;
        const double h_next = h * grow;
        h_ = last ? std::max(h_, h_next) : h_next;  // a step cut short at t_stop says little about h
        rejected_last_ = false;
        ++accepted_;
        return true;
      }
      h_ = h * std::max(0.2, 0.9 * std::pow(err, -1.0 / 8.0));
      rejected_last_ = true;
      ++rejected_;
    }
    return false;
  }

  // The 7th-order dense output of the last accepted step, at t in [tPrev(), t()] (extrapolates
  // outside). The first call after a step costs three evaluations; later calls none.
  State denseAt(double t) {
    if (!dense_ready_) prepareDense();
    const double x = (t - t_prev_) / h_last_;
    State y{};
    for (std::size_t i = 0; i < N; ++i) {
      double acc = 0.0;
      for (std::size_t r = 0; r < 7; ++r) {  // Horner in x and (1 - x), alternating (contd8)
        acc += dense_[6 - r][i];
        acc *= (r % 2 == 0) ? x : (1.0 - x);
      }
      y[i] = y_prev_[i] + acc;
    }
    return y;
  }

  [[nodiscard]] double t() const { return t_; }
  [[nodiscard]] const State& y() const { return y_; }
  [[nodiscard]] const State& f() const { return f_; }
  [[nodiscard]] double tPrev() const { return t_prev_; }
  [[nodiscard]] const State& yPrev() const { return y_prev_; }
  [[nodiscard]] const State& fPrev() const { return f_prev_; }
  [[nodiscard]] double stepSize() const { return h_; }
  [[nodiscard]] long evaluations() const { return evaluations_; }
  [[nodiscard]] long accepted() const { return accepted_; }
  [[nodiscard]] long rejected() const { return rejected_; }

 private:
  double initialStep() {
    // Hairer's starting-step heuristic (ibid., II.4), one extra evaluation.
    double d0 = 0.0, d1 = 0.0;
    for (std::size_t i = 0; i < N; ++i) {
      const double sc = tol_.atol[i] + tol_.rtol * std::abs(y_[i]);
      d0 += (y_[i] / sc) * (y_[i] / sc);
      d1 += (f_[i] / sc) * (f_[i] / sc);
    }
    d0 = std::sqrt(d0 / N);
    d1 = std::sqrt(d1 / N);
    double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
    State y1, f1;
    for (std::size_t i = 0; i < N; ++i) y1[i] = y_[i] + h0 * f_[i];
    rhs_(t_ + h0, y1, f1);
    ++evaluations_;
    double d2 = 0.0;
    for (std::size_t i = 0; i < N; ++i) {
      const double sc = tol_.atol[i] + tol_.rtol * std::abs(y_[i]);
      d2 += ((f1[i] - f_[i]) / sc) * ((f1[i] - f_[i]) / sc);
    }
    d2 = std::sqrt(d2 / N) / h0;
    const double h1 = std::max(d1, d2) <= 1e-15 ? std::max(1e-6, h0 * 1e-3)
                                                  : std::pow(0.01 / std::max(d1, d2), 1.0 / 8.0);
    return std::min(100.0 * h0, h1);
  }

  void prepareDense() {
    using namespace dop853;
    const double h = h_last_;
    auto& k = k_;  // k[0..11]: the accepted step's stages (k[0] = f at its start), k[12] = f at its end
    k[0] = f_prev_;
    k[12] = f_;
    State tmp;
    for (std::size_t i = 0; i < N; ++i)
      tmp[i] = y_prev_[i] + h * (a141 * k[0][i] + a147 * k[6][i] + a148 * k[7][i] + a149 * k[8][i] +
                                 a1410 * k[9][i] + a1411 * k[10][i] + a1412 * k[11][i] + a1413 * k[12][i]);
    rhs_(t_prev_ + c14 * h, tmp, k[13]);
    for (std::size_t i = 0; i < N; ++i)
      tmp[i] = y_prev_[i] + h * (a151 * k[0][i] + a156 * k[5][i] + a157 * k[6][i] + a158 * k[7][i] +
                                 a1511 * k[10][i] + a1512 * k[11][i] + a1513 * k[12][i] + a1514 * k[13][i]);
    rhs_(t_prev_ + c15 * h, tmp, k[14]);
    for (std::size_t i = 0; i < N; ++i)
      tmp[i] = y_prev_[i] + h * (a161 * k[0][i] + a166 * k[5][i] + a167 * k[6][i] + a168 * k[7][i] +
                                 a169 * k[8][i] + a1613 * k[12][i] + a1614 * k[13][i] + a1615 * k[14][i]);
    rhs_(t_prev_ + c16 * h, tmp, k[15]);
    evaluations_ += 3;
    for (std::size_t i = 0; i < N; ++i) {
      const double dy = y_[i] - y_prev_[i];
      const double bspl = h * f_prev_[i] - dy;
      dense_[0][i] = dy;
      dense_[1][i] = bspl;
      dense_[2][i] = dy - h * f_[i] - bspl;
      for (std::size_t r = 0; r < 4; ++r) {
        double acc = 0.0;
        for (std::size_t j = 0; j < 16; ++j) acc += d[r][j] * k[j][i];
        dense_[3 + r][i] = h * acc;
      }
    }
    dense_ready_ = true;
  }

  // One trial step of size h from (t0, y, k1 = f(t0, y)). Fills y1 with the 8th-order solution and
  // returns the scaled error norm.
  double attempt(double t0, const State& y, const State& k1, double h, State& y1) {
    using namespace dop853;
    auto& k = k_;
    State tmp;
    auto stage = [&](int idx, auto&& combine) {
      for (std::size_t i = 0; i < N; ++i) tmp[i] = y[i] + h * combine(i);
      rhs_(t0 + c[static_cast<std::size_t>(idx)] * h, tmp, k[static_cast<std::size_t>(idx)]);
    };
    stage(1, [&](std::size_t i) { return a21 * k1[i]; });
    stage(2, [&](std::size_t i) { return a31 * k1[i] + a32 * k[1][i]; });
    stage(3, [&](std::size_t i) { return a41 * k1[i] + a43 * k[2][i]; });
    stage(4, [&](std::size_t i) { return a51 * k1[i] + a53 * k[2][i] + a54 * k[3][i]; });
    stage(5, [&](std::size_t i) { return a61 * k1[i] + a64 * k[3][i] + a65 * k[4][i]; });
    stage(6, [&](std::size_t i) { return a71 * k1[i] + a74 * k[3][i] + a75 * k[4][i] + a76 * k[5][i]; });
    stage(7, [&](std::size_t i) {
      return a81 * k1[i] + a84 * k[3][i] + a85 * k[4][i] + a86 * k[5][i] + a87 * k[6][i];
    });
    stage(8, [&](std::size_t i) {
      return a91 * k1[i] + a94 * k[3][i] + a95 * k[4][i] + a96 * k[5][i] + a97 * k[6][i] + a98 * k[7][i];
    });
    stage(9, [&](std::size_t i) {
      return a101 * k1[i] + a104 * k[3][i] + a105 * k[4][i] + a106 * k[5][i] + a107 * k[6][i] +
             a108 * k[7][i] + a109 * k[8][i];
    });
    stage(10, [&](std::size_t i) {
      return a111 * k1[i] + a114 * k[3][i] + a115 * k[4][i] + a116 * k[5][i] + a117 * k[6][i] +
             a118 * k[7][i] + a119 * k[8][i] + a1110 * k[9][i];
    });
    stage(11, [&](std::size_t i) {
      return a121 * k1[i] + a124 * k[3][i] + a125 * k[4][i] + a126 * k[5][i] + a127 * k[6][i] +
             a128 * k[7][i] + a129 * k[8][i] + a1210 * k[9][i] + a1211 * k[10][i];
    });
    evaluations_ += 11;
    double err5 = 0.0, err3 = 0.0;
    for (std::size_t i = 0; i < N; ++i) {
      const double incr = b1 * k1[i] + b6 * k[5][i] + b7 * k[6][i] + b8 * k[7][i] + b9 * k[8][i] +
                          b10 * k[9][i] + b11 * k[10][i] + b12 * k[11][i];
      y1[i] = y[i] + h * incr;
      const double sc = tol_.atol[i] + tol_.rtol * std::max(std::abs(y[i]), std::abs(y1[i]));
      const double e3 = incr - bhh1 * k1[i] - bhh2 * k[8][i] - bhh3 * k[11][i];
      const double e5 = er1 * k1[i] + er6 * k[5][i] + er7 * k[6][i] + er8 * k[7][i] + er9 * k[8][i] +
                        er10 * k[9][i] + er11 * k[10][i] + er12 * k[11][i];
      err3 += (e3 / sc) * (e3 / sc);
      err5 += (e5 / sc) * (e5 / sc);
    }
    if (err5 == 0.0 && err3 == 0.0) return 0.0;
    const double denom = err5 + 0.01 * err3;
    return std::abs(h) * err5 / std::sqrt(denom * static_cast<double>(N));
  }

  const Rhs& rhs_;
  Tolerances<N> tol_;
  double t_ = 0.0, t_prev_ = 0.0, h_ = 0.0;
  State y_{}, f_{}, y_prev_{}, f_prev_{}, y1_{};
  std::array<State, 16> k_{};
  std::array<State, 7> dense_{};
  double h_last_ = 0.0;
  bool dense_ready_ = false;
  bool rejected_last_ = false;
  long evaluations_ = 0, accepted_ = 0, rejected_ = 0;
};

}  // namespace picket::flight
