#include "montecarlo/mpi.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#ifdef PICKET_HAVE_MPI
#include <mpi.h>
#endif

namespace picket::montecarlo {
namespace {

template <typename T>
void put(std::vector<char>& out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  const auto* b = reinterpret_cast<const char*>(&v);
  out.insert(out.end(), b, b + sizeof(T));
}
template <typename T>
T get(const char*& p, const char* end) {
  if (end - p < static_cast<std::ptrdiff_t>(sizeof(T))) throw std::runtime_error("a trial record was cut short");
  T v;
  std::memcpy(&v, p, sizeof(T));
  p += sizeof(T);
  return v;
}

}  // namespace

void appendRecord(const TrialRecord& r, std::vector<char>& out) {
  put(out, r.trial);
  put(out, static_cast<std::uint8_t>(r.failed));
  put(out, static_cast<std::uint64_t>(r.failure.size()));
  out.insert(out.end(), r.failure.begin(), r.failure.end());
  put(out, r.missiles);
  put(out, r.leakers);
  put(out, r.nuclear);
  put(out, r.nuclear_leakers);
  put(out, r.conventional_leakers);
  put(out, r.rounds_not_at_warheads);
  put(out, static_cast<std::uint64_t>(r.shots_per_shooter.size()));
  for (const int s : r.shots_per_shooter) put(out, s);
  put(out, static_cast<std::uint64_t>(r.kill_alt_m.size()));
  for (const double h : r.kill_alt_m) put(out, h);
  put(out, static_cast<std::uint64_t>(r.prefectures.size()));
  for (const PrefectureRecord& p : r.prefectures) {
    put(out, p.prefecture);
    put(out, static_cast<std::uint8_t>(p.in_danger));
    put(out, static_cast<std::uint8_t>(p.alerted));
    put(out, p.warning_s);
  }
  put(out, static_cast<std::uint64_t>(r.draws.size()));
  for (const double d : r.draws) put(out, d);
}

TrialRecord readRecord(const char*& p, const char* end) {
  TrialRecord r;
  r.trial = get<std::uint64_t>(p, end);
  r.failed = get<std::uint8_t>(p, end) != 0;
  const auto n_failure = get<std::uint64_t>(p, end);
  if (end - p < static_cast<std::ptrdiff_t>(n_failure)) throw std::runtime_error("a trial record was cut short");
  r.failure.assign(p, p + n_failure);
  p += n_failure;
  r.missiles = get<int>(p, end);
  r.leakers = get<int>(p, end);
  r.nuclear = get<int>(p, end);
  r.nuclear_leakers = get<int>(p, end);
  r.conventional_leakers = get<int>(p, end);
  r.rounds_not_at_warheads = get<int>(p, end);
  r.shots_per_shooter.resize(get<std::uint64_t>(p, end));
  for (int& s : r.shots_per_shooter) s = get<int>(p, end);
  r.kill_alt_m.resize(get<std::uint64_t>(p, end));
  for (double& h : r.kill_alt_m) h = get<double>(p, end);
  r.prefectures.resize(get<std::uint64_t>(p, end));
  for (PrefectureRecord& q : r.prefectures) {
    q.prefecture = get<int>(p, end);
    q.in_danger = get<std::uint8_t>(p, end) != 0;
    q.alerted = get<std::uint8_t>(p, end) != 0;
    q.warning_s = get<double>(p, end);
  }
  r.draws.resize(get<std::uint64_t>(p, end));
  for (double& d : r.draws) d = get<double>(p, end);
  return r;
}

#ifdef PICKET_HAVE_MPI

namespace {
bool g_initialised = false;
}

bool mpiBuilt() { return true; }

void initMpiIfLaunched(int* argc, char*** argv) {
  // Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; Hydra and Slurm's PMI set PMI_SIZE.
  if (std::getenv("OMPI_COMM_WORLD_SIZE") == nullptr && std::getenv("PMI_SIZE") == nullptr) return;
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);  // MPI is called from the main thread only
  g_initialised = true;
}

void finalizeMpi() {
  if (g_initialised) MPI_Finalize();
  g_initialised = false;
}

MpiWorld mpiWorld() {
  MpiWorld w;
  if (!g_initialised) return w;
  MPI_Comm_rank(MPI_COMM_WORLD, &w.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &w.size);
  return w;
}

void gatherChunk(std::vector<TrialRecord>& chunk, std::uint64_t first_trial, int rank, int ranks) {
  std::vector<char> mine;
  for (std::size_t i = 0; i < chunk.size(); ++i)
    if (static_cast<int>(i % static_cast<std::size_t>(ranks)) == rank) appendRecord(chunk[i], mine);
  const int my_size = static_cast<int>(mine.size());
  std::vector<int> sizes(static_cast<std::size_t>(ranks)), offsets(static_cast<std::size_t>(ranks));
  MPI_Allgather(&my_size, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD);
  int total = 0;
  for (int k = 0; k < ranks; ++k) {
    offsets[static_cast<std::size_t>(k)] = total;
    total += sizes[static_cast<std::size_t>(k)];
  }
  std::vector<char> all(static_cast<std::size_t>(total));
  MPI_Allgatherv(mine.data(), my_size, MPI_CHAR, all.data(), sizes.data(), offsets.data(), MPI_CHAR, MPI_COMM_WORLD);
  const char* p = all.data();
  const char* end = all.data() + all.size();
  while (p < end) {
    TrialRecord r = readRecord(p, end);
    const std::uint64_t i = r.trial - first_trial;  // each record back to its place in the chunk
    if (i >= chunk.size()) throw std::runtime_error("a trial record came back for another chunk");
    chunk[static_cast<std::size_t>(i)] = std::move(r);
  }
}

bool anyProcess(bool flag) {
  if (!g_initialised) return flag;
  int local = flag ? 1 : 0, any = 0;
  MPI_Allreduce(&local, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return any != 0;
}

#else

bool mpiBuilt() { return false; }
void initMpiIfLaunched(int*, char***) {}
void finalizeMpi() {}
MpiWorld mpiWorld() { return {}; }
void gatherChunk(std::vector<TrialRecord>&, std::uint64_t, int, int) {}
bool anyProcess(bool flag) { return flag; }

#endif

}  // namespace picket::montecarlo
