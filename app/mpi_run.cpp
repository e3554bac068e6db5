#include "app/mpi_run.h"

#include <cstdlib>
#include <stdexcept>

#ifdef MMSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace mmsim {

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"})
    if (const char* v = std::getenv(name); v && std::atoi(v) > 1) return true;
  return false;
}

#ifdef MMSIM_HAVE_MPI

bool mpi_available() { return true; }

MpiSession::MpiSession() {
  int argc = 0;
  char** argv = nullptr;
  if (MPI_Init(&argc, &argv) != MPI_SUCCESS) throw std::runtime_error("MPI_Init failed");
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

std::vector<std::string> MpiSession::gather(const std::string& mine) const {
  const int len = static_cast<int>(mine.size());
  std::vector<int> lens(rank_ == 0 ? static_cast<std::size_t>(size_) : 0);
  MPI_Gather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(lens.size());
  int total = 0;
  for (std::size_t i = 0; i < lens.size(); ++i) {
    offsets[i] = total;
    total += lens[i];
  }
  std::string all(static_cast<std::size_t>(total), '\0');
  MPI_Gatherv(mine.data(), len, MPI_CHAR, all.data(), lens.data(), offsets.data(), MPI_CHAR, 0,
              MPI_COMM_WORLD);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < lens.size(); ++i)
    out.push_back(all.substr(static_cast<std::size_t>(offsets[i]),
                             static_cast<std::size_t>(lens[i])));
  return out;
}

long long MpiSession::broadcast(long long value) const {
  MPI_Bcast(&value, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  return value;
}

#else

bool mpi_available() { return false; }
MpiSession::MpiSession() { throw std::runtime_error("this mmsim was built without MPI"); }
MpiSession::~MpiSession() = default;
std::vector<std::string> MpiSession::gather(const std::string&) const { return {}; }
long long MpiSession::broadcast(long long value) const { return value; }

#endif

}  // namespace mmsim
