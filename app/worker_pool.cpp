#include "app/worker_pool.h"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "app/interrupt.h"
#include "report/json_report.h"

namespace mmsim {
namespace {

// Worker-to-parent messages, one per line: "P <file> <trials done>" and "R <file> <result>",
// the result being the JSON of the file's slice as `mmsim run --shard k/N --json` writes it.
bool write_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

// Worker k: its slice of every file, in order; never returns (no destructors, no atexit, no
// flushing of buffers it shares with the parent).
[[noreturn]] void run_worker(int fd, pid_t parent, const ArchRegistry& archs, RunOptions opt,
                             std::uint64_t k, const std::function<bool()>& stop) {
  const std::atomic<bool>& interrupted = install_worker_interrupt_handlers();
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) ::_exit(1);
  opt.part_count = opt.jobs;
  opt.part_index = k;
  opt.jobs = 1;
  const std::uint64_t step = std::max<std::uint64_t>(1, shard_slice(opt).second / 50);
  bool sent = true;
  for (std::size_t i = 0; i < opt.files.size() && sent; ++i) {
    std::vector<std::unique_ptr<Scenario>> keep;
    FileHooks hooks;
    hooks.trial = [&](std::uint64_t done) {
      if (interrupted.load() || (stop && stop())) return false;
      if (done > 0 && done % step == 0)
        write_all(fd, "P " + std::to_string(i) + " " + std::to_string(done) + "\n");
      return true;
    };
    const RunRecord rec = run_file(archs, opt, opt.files[i], keep, hooks);
    sent = write_all(fd, "R " + std::to_string(i) + " " + to_json(rec).dump() + "\n");
    if (rec.partial) break;  // stopped: no further file
  }
  ::close(fd);
  ::_exit(sent ? 0 : 1);
}

}  // namespace

unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

WorkerPool::WorkerPool(const ArchRegistry& archs, const RunOptions& opt,
                       std::function<bool()> stop) {
  const pid_t parent = ::getpid();
  for (std::uint64_t k = 0; k < opt.jobs; ++k) {
    int fds[2];
    if (::pipe(fds) != 0) break;
    const pid_t pid = ::fork();
    if (pid < 0) {
      ::close(fds[0]);
      ::close(fds[1]);
      break;
    }
    if (pid == 0) {
      ::close(fds[0]);
      for (const Worker& w : workers_) ::close(w.fd);
      run_worker(fds[1], parent, archs, opt, k, stop);
    }
    ::close(fds[1]);
    Worker w;
    w.pid = pid;
    w.fd = fds[0];
    workers_.push_back(std::move(w));
  }
  if (workers_.size() != opt.jobs) {
    const std::string why = std::strerror(errno);
    reap();
    throw std::runtime_error("--jobs " + std::to_string(opt.jobs) + ": cannot start worker " +
                             "processes: " + why);
  }
}

WorkerPool::~WorkerPool() { reap(); }

void WorkerPool::reap() {
  bool running = false;
  for (const Worker& w : workers_) running = running || w.fd >= 0;
  if (running) stop_all();
  for (Worker& w : workers_) {
    if (w.fd >= 0) ::close(w.fd);  // a worker still writing gets SIGPIPE and ends
    w.fd = -1;
    int status = 0;
    while (w.pid > 0 && ::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
    w.pid = -1;
  }
}

void WorkerPool::stop_all() {
  if (stopping_) return;
  stopping_ = true;
  for (const Worker& w : workers_)
    if (w.pid > 0) ::kill(w.pid, SIGTERM);
}

void WorkerPool::read_some(int timeout_ms) {
  std::vector<pollfd> fds;
  for (const Worker& w : workers_)
    if (w.fd >= 0) fds.push_back(pollfd{w.fd, POLLIN, 0});
  if (fds.empty()) return;
  if (::poll(fds.data(), fds.size(), timeout_ms) <= 0) return;
  for (Worker& w : workers_) {
    if (w.fd < 0) continue;
    const auto it =
        std::find_if(fds.begin(), fds.end(), [&](const pollfd& p) { return p.fd == w.fd; });
    if (it == fds.end() || !(it->revents & (POLLIN | POLLHUP | POLLERR))) continue;
    char chunk[1 << 16];
    const ssize_t got = ::read(w.fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      ::close(w.fd);
      w.fd = -1;
      continue;
    }
    w.buf.append(chunk, static_cast<std::size_t>(got));
    std::size_t start = 0;
    for (std::size_t nl; (nl = w.buf.find('\n', start)) != std::string::npos; start = nl + 1) {
      const std::string line = w.buf.substr(start, nl - start);
      const std::size_t sp = line.find(' ', 2);
      if (line.size() < 4 || sp == std::string::npos) continue;
      const std::size_t file = std::stoull(line.substr(2, sp - 2));
      if (line[0] == 'P') w.done[file] = std::stoull(line.substr(sp + 1));
      else if (line[0] == 'R') w.results[file] = nlohmann::json::parse(line.substr(sp + 1));
    }
    w.buf.erase(0, start);
  }
}

std::vector<nlohmann::json> WorkerPool::slices(
    std::size_t index, const std::function<bool(std::uint64_t)>& progress) {
  for (;;) {
    bool all = true;
    std::uint64_t done = 0;
    for (const Worker& w : workers_) {
      const auto r = w.results.find(index);
      if (r != w.results.end()) {
        done += r->second.value("trials", std::uint64_t{0});
        continue;
      }
      if (w.fd < 0)
        throw std::runtime_error("--jobs: a worker process ended without its part of file " +
                                 std::to_string(index + 1));
      all = false;
      const auto d = w.done.find(index);
      if (d != w.done.end()) done += d->second;
    }
    if (all) break;
    if (progress && !progress(done)) stop_all();
    read_some(100);
  }
  std::vector<nlohmann::json> out;
  for (Worker& w : workers_) {
    out.push_back(std::move(w.results[index]));
    w.results.erase(index);
    w.done.erase(index);
  }
  return out;
}

}  // namespace mmsim
