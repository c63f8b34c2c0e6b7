// Monte Carlo across processes with MPI (Open MPI, Debian's packages): `mpirun -np K picket run
// SCENARIO --trials N`. Each process builds the models, runs its share of every chunk (trial i of
// a chunk on rank i mod K) with its own threads, and the records are exchanged so that every
// process adds the whole chunk to its statistics in trial order: the figures are the same as one
// process's, to the bit, and every process agrees on when the stop rule is met. Only rank 0
// writes files and prints.
//
// picket built without MPI (PICKET_MPI off, or no MPI found) runs as one process; a binary with
// MPI started without mpirun does too (MPI is initialised only under a launcher).
#pragma once

#include <cstdint>
#include <vector>

#include "montecarlo/statistics.h"

namespace picket::montecarlo {

struct MpiWorld {
  int rank = 0, size = 1;
};

// Initialises MPI when this process was started by mpirun (Open MPI's or a PMI launcher's
// environment); call once, first thing in main. finalizeMpi at exit.
void initMpiIfLaunched(int* argc, char*** argv);
void finalizeMpi();
[[nodiscard]] MpiWorld mpiWorld();
[[nodiscard]] bool mpiBuilt();

// After each process filled its share of `chunk` (trial i on rank i mod ranks), every process
// holds every record.
void gatherChunk(std::vector<TrialRecord>& chunk, std::uint64_t first_trial, int rank, int ranks);
// Whether any process was asked to stop (Ctrl-C reaches each process at its own moment).
[[nodiscard]] bool anyProcess(bool flag);

// One record as bytes and back (exact: doubles as their bits), for the exchange; public for tests.
void appendRecord(const TrialRecord& r, std::vector<char>& out);
TrialRecord readRecord(const char*& p, const char* end);

}  // namespace picket::montecarlo
