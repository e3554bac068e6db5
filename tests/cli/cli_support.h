// Helpers for the CLI contract tests: run_cli in-process, or the built mmsim binary as a
// process (with stdout/stderr captured, optionally stderr on a pseudo-terminal, optionally a
// signal after a delay), and temporary files.
#pragma once
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/cli.h"

namespace mmsim::cli_test {

struct Out {
  int status;
  std::string out, err;
};

inline Out cli(const std::vector<std::string>& args, const CliEnv& env = {}) {
  std::ostringstream o, e;
  const int s = run_cli(args, o, e, env);
  return {s, o.str(), e.str()};
}

// A per-process scratch directory, so that test runs in several worktrees do not collide.
inline const std::string& tmp_dir() {
  static const std::string dir = [] {
    const std::string d = "/tmp/mmsim-cli-" + std::to_string(getpid());
    mkdir(d.c_str(), 0755);
    return d;
  }();
  return dir;
}

inline std::string write_tmp(const std::string& name, const std::string& text) {
  const std::string path = tmp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct ProcOptions {
  std::string cwd;               // the process's working directory ("" = ours)
  bool stderr_on_pty = false;    // stderr is a terminal (a pseudo-terminal we read)
  int signal = 0;                // sent after `delay` if the process still runs
  bool signal_group = false;     // ...to its whole process group, as a terminal's Ctrl-C is
  std::vector<std::string> launcher;  // run mmsim under this command (mpirun -n 2 ...)
  std::chrono::milliseconds delay{0};
  // Called (in the parent) just before the signal is sent, e.g. to look at stdout so far.
  std::function<void(const std::string& out_path)> before_signal;
};

struct Proc {
  int status = -1;  // exit status, or 128 + signal if killed
  std::string out, err;
  bool group_left = false;  // a process of its group (a worker) outlived it
};

// Runs the built mmsim binary. stdout goes to a file; stderr to a file or a pseudo-terminal.
inline Proc run_binary(const std::vector<std::string>& args, const ProcOptions& po = {}) {
  static int serial = 0;
  const std::string base = tmp_dir() + "/proc-" + std::to_string(++serial);
  const std::string out_path = base + ".out", err_path = base + ".err";
  int master = -1;
  std::string slave_name;
  if (po.stderr_on_pty) {
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) return {};
    slave_name = ptsname(master);
  }
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    if (!po.cwd.empty() && chdir(po.cwd.c_str()) != 0) _exit(126);
    const int o = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = po.stderr_on_pty ? open(slave_name.c_str(), O_RDWR | O_NOCTTY)
                                   : open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<std::string> full = po.launcher;
    full.push_back(MMSIM_BINARY);
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : full) argv.push_back(a.data());
    argv.push_back(nullptr);
    setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 1);
    execv(full[0].c_str(), argv.data());
    _exit(127);
  }
  Proc p;
  std::string pty_text;
  auto drain = [&](int timeout_ms) {
    if (master < 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
      return;
    }
    pollfd fd{master, POLLIN, 0};
    if (poll(&fd, 1, timeout_ms) > 0 && (fd.revents & POLLIN)) {
      char buf[4096];
      const ssize_t n = read(master, buf, sizeof buf);
      if (n > 0) pty_text.append(buf, static_cast<std::size_t>(n));
    }
  };
  const auto start = std::chrono::steady_clock::now();
  bool signalled = po.signal == 0;
  int wst = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &wst, WNOHANG);
    if (done == pid) break;
    if (!signalled && std::chrono::steady_clock::now() - start >= po.delay) {
      if (po.before_signal) po.before_signal(out_path);
      kill(po.signal_group ? -pid : pid, po.signal);
      signalled = true;
    }
    drain(20);
  }
  for (int i = 0; i < 5 && master >= 0; ++i) drain(10);
  if (master >= 0) close(master);
  p.status = WIFEXITED(wst) ? WEXITSTATUS(wst) : 128 + WTERMSIG(wst);
  // The group is the process's own (setpgid above): anything still in it is a worker left.
  p.group_left = kill(-pid, 0) == 0;
  p.out = slurp(out_path);
  p.err = po.stderr_on_pty ? pty_text : slurp(err_path);
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  return p;
}

inline const char* kSB =
    "X86 SB\n"
    "(* Result: Sometimes *)\n"
    "{ x=0; y=0; }\n"
    " P0          | P1          ;\n"
    " MOV [x],$1  | MOV [y],$1  ;\n"
    " MOV EAX,[y] | MOV EAX,[x] ;\n"
    "exists (0:EAX=0 /\\ 1:EAX=0)\n";

// A C test whose P0 spins forever on a location nobody writes: every trial is unfinished.
inline std::string spin_test(const std::string& result_line) {
  return "C spin\n(*\n * Result: " + result_line +
         "\n *)\n{}\n\nP0(int *x)\n{\n\twhile (READ_ONCE(*x) == 0) {}\n}\n\n"
         "P1(int *y)\n{\n\tint r1 = READ_ONCE(*y);\n}\n\nexists (1:r1=0)\n";
}

// A thread that never finishes and is never recognised as stuck: its loop counts, so no two
// passes are alike (Core::endless), and every trial runs to the cycle limit — slow on purpose.
inline std::string counting_spin_test(const std::string& result_line) {
  return "C spin\n(*\n * Result: " + result_line +
         "\n *)\n{}\n\nP0(int *x)\n{\n\tint i = 0;\n\twhile (READ_ONCE(*x) == 0) { i++; }\n}\n\n"
         "P1(int *y)\n{\n\tint r1 = READ_ONCE(*y);\n}\n\nexists (1:r1=0)\n";
}

// The results of the JSON document at `path` without their wall-clock field, the only one
// that may differ between two runs of the same trials (--jobs, shards, MPI).
inline nlohmann::json results_of(const std::string& path) {
  auto results = nlohmann::json::parse(slurp(path)).at("results");
  for (auto& r : results) r.erase("seconds");
  return results;
}

inline bool has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

}  // namespace mmsim::cli_test
