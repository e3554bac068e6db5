// `mmsim run --jobs N`: N worker processes (SystemC allows one simulation per process), forked
// once per run. Worker k runs slice k of N of every file's trials, file after file — the same
// slices `--shard k/N` runs, with the same seeds — and streams each file's result (the JSON
// of a shard, report/json_report.cpp) back over a pipe. The parent takes the files in order,
// waits for all N slices of one, and merges them (run_merge.h) into exactly what one process
// gives for the same seeds. Workers never wait for each other between files, so a slow slice
// of one file is made up on the next.
// Stop: the parent's `stop()` (Ctrl-C) asks every worker to stop at its next trial boundary
// (SIGTERM); a worker then sends its current file's partial slice and runs no further file.
// A terminal's Ctrl-C reaches the workers directly too. Should mmsim die, its workers stop
// (PR_SET_PDEATHSIG). The destructor asks any worker still running to stop and waits for
// every one: no worker outlives the pool.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/arch_registry.h"
#include "app/run_command.h"

namespace mmsim {

class WorkerPool {
 public:
  // Forks opt.jobs workers over opt.files (opt.shard_count must be 1: a pool runs whole
  // files). `stop` is asked in the workers at every trial boundary.
  WorkerPool(const ArchRegistry& archs, const RunOptions& opt, std::function<bool()> stop);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Every worker's slice of file `index` (files are asked in order), in worker order: each a
  // result of the JSON document, or an error entry. Meanwhile `progress(trials done)` is
  // called as workers report; when it returns false, every worker is asked to stop.
  // Throws std::runtime_error if a worker ends without sending its slice.
  std::vector<nlohmann::json> slices(std::size_t index,
                                     const std::function<bool(std::uint64_t)>& progress);
  // Asks every worker to stop at its next trial boundary.
  void stop_all();

 private:
  struct Worker {
    pid_t pid = -1;
    int fd = -1;
    std::string buf;
    std::map<std::size_t, std::uint64_t> done;          // trials done, by file
    std::map<std::size_t, nlohmann::json> results;      // slices sent, by file
  };
  void read_some(int timeout_ms);
  // Asks the workers still running to stop, closes the pipes, waits for every worker.
  void reap();
  std::vector<Worker> workers_;
  bool stopping_ = false;
};

// The number of worker processes `--jobs` means when not given: one per host core.
unsigned default_jobs();

}  // namespace mmsim
