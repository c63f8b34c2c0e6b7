// Random streams for reproducible Monte Carlo (docs/notation.md#randomness).
//
// A stream is derived from (seed, purpose, trial): the same three give the same numbers whatever
// the thread count or the order trials run in, and any trial can be replayed alone. There is no
// global generator. Boost.Random is used rather than <random> because the standard library's
// distributions are implementation-defined (libstdc++ and libc++ draw different normals from the
// same engine); Boost's are header code and give the same numbers everywhere.
#pragma once

#include <cstdint>
#include <string_view>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

namespace picket {

// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA
// 2014): a bijective mixer, used to turn (seed, purpose, trial) into well-spread engine seeds.
constexpr std::uint64_t splitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31U);
}

// FNV-1a of a purpose name, so streams for different purposes ("radar:Shariki") never coincide.
constexpr std::uint64_t purposeHash(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return h;
}

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::string_view purpose, std::uint64_t trial = 0)
      : engine_(splitMix64(splitMix64(seed ^ purposeHash(purpose)) + trial)) {}

  double normal() { return normal_(engine_); }
  double uniform() { return uniform_(engine_); }  // [0, 1)

 private:
  boost::random::mt19937_64 engine_;
  boost::random::normal_distribution<double> normal_{0.0, 1.0};
  boost::random::uniform_01<double> uniform_;
};

}  // namespace picket
