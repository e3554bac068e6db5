// `mpirun -n R mmsim run ...` (and Slurm's `srun`): R ranks share each file's trials as the
// --jobs workers do — rank r runs part r of R, with the seeds one process would give them —
// and rank 0 gathers the parts (as a shard's JSON, report/json_report.cpp), merges them and
// writes the same outputs one process writes; the other ranks print nothing. After each file
// rank 0 tells every rank whether to go on (a partial part, Ctrl-C: stop). An optional build
// component: without MPI (MMSIM_HAVE_MPI undefined), launched_by_mpi() still recognises a
// launcher so that mmsim can refuse to run R copies of the same work.
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace mmsim {

// Whether an MPI launcher started this process as one of several ranks (its environment:
// Open MPI's OMPI_COMM_WORLD_SIZE, PMI_SIZE of MPICH and Slurm, PMIX's).
bool launched_by_mpi();
// Whether this build can run under MPI.
bool mpi_available();

// One MPI session: MPI_Init on construction, MPI_Finalize on destruction.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  // Every rank's `mine`, in rank order, at rank 0; an empty vector elsewhere.
  std::vector<std::string> gather(const std::string& mine) const;
  // Rank 0's `value`, on every rank.
  long long broadcast(long long value) const;

 private:
  int rank_ = 0, size_ = 1;
};

}  // namespace mmsim
