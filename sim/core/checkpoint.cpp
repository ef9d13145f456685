#include "snsim/core/checkpoint.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "snsim/io/input_file.hpp"

namespace snsim {
namespace {

constexpr std::array<char, 8> kMagic{'S', 'N', 'S', 'I', 'M', 'C', 'K', 'P'};
constexpr std::array<char, 4> kEnd{'E', 'N', 'D', '.'};
// Version 7 has 4-byte CSR row offsets, version 8 the same with 8-byte ones (a SNSIM_WIDE_ARCS
// build, core/ids.hpp), so neither build misreads the other's checkpoints. Versions 5 and 6 held a
// brand's relationship slot for every person (now an index rebuilt from the ties on load,
// networking/person_index.hpp), the follow graph's unfollow flags and brand follows a byte each
// (now bits, media/flag_bits.hpp) and interests without their width (core/interests.hpp);
// versions 3 and 4 held feeds of `capacity` slots a person and 2-byte touch columns, before feeds
// were packed rows and touches one byte with an overflow store (core/touch_column.hpp; issue 20).
constexpr std::uint32_t kFormatVersion = sizeof(ArcIndex) == 4 ? 7 : 8;
constexpr std::size_t kTrailerBytes = 16;

std::string os_reason() { return std::strerror(errno); }

/// Closes a file descriptor on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void put_le(unsigned char* p, std::uint64_t v, int bytes) {
  for (int k = 0; k < bytes; ++k) p[k] = static_cast<unsigned char>(v >> (8 * k));
}
std::uint64_t get_le(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int k = 0; k < bytes; ++k) v |= std::uint64_t{p[k]} << (8 * k);
  return v;
}

void write_all(int fd, const unsigned char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) throw CheckpointError("cannot write: " + os_reason());
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

/// Returns the first line where a and b differ, shortened, for a mismatch message.
std::string first_difference(const std::string& a, const std::string& b) {
  std::size_t start = 0;
  while (true) {
    const std::size_t ea = a.find('\n', start), eb = b.find('\n', start);
    const std::string la =
        a.substr(start, ea == std::string::npos ? std::string::npos : ea - start);
    const std::string lb =
        b.substr(start, eb == std::string::npos ? std::string::npos : eb - start);
    if (la != lb) {
      auto cut = [](std::string s) { return s.size() > 60 ? s.substr(0, 57) + "..." : s; };
      return "checkpoint has '" + cut(la) + "', this run '" + cut(lb) + "'";
    }
    if (ea == std::string::npos || eb == std::string::npos) return "lengths differ";
    start = ea + 1;
  }
}

// The header, in archive order.
struct Header {
  std::array<char, 8> magic = kMagic;
  std::uint32_t format_version = kFormatVersion;
  CheckpointIdentity id;
  Step step = 0;
};
void header_fields(StateArchive& a, Header& h) {
  a(h.magic, h.format_version);
  if (a.loading() && h.magic != kMagic) throw CheckpointError("not an snsim checkpoint");
  if (a.loading() && h.format_version != kFormatVersion)
    throw CheckpointError("checkpoint format version " + std::to_string(h.format_version) +
                          ", this snsim reads version " + std::to_string(kFormatVersion));
  a(h.id.snsim_version, h.id.scenario_yaml, h.id.seed, h.id.run, h.id.steps, h.step);
}

/// Opens path, checks its trailer and CRC; returns the fd at offset 0 and the body+header bytes.
std::uint64_t open_and_verify(const std::string& path, Fd& file) {
  std::uint64_t size = 0;
  try {
    file.fd = open_input_file(path, &size);  // a FIFO or a device is refused, never waited on
  } catch (const InputFileError& e) {
    throw CheckpointError(e.what());
  }
  if (size < kTrailerBytes + kMagic.size())
    throw CheckpointError(path + " is truncated (" + std::to_string(size) + " bytes)");
  std::array<unsigned char, kTrailerBytes> trailer{};
  if (::pread(file.fd, trailer.data(), kTrailerBytes, static_cast<off_t>(size - kTrailerBytes)) !=
      static_cast<ssize_t>(kTrailerBytes))
    throw CheckpointError("cannot read " + path + ": " + os_reason());
  const std::uint64_t payload = size - kTrailerBytes;
  if (std::memcmp(trailer.data() + 12, kEnd.data(), kEnd.size()) != 0 ||
      get_le(trailer.data(), 8) != payload)
    throw CheckpointError(path + " is truncated or not an snsim checkpoint");
  // Checksum pass before any parsing: a damaged file is refused with a clear reason.
  std::vector<unsigned char> buf(std::size_t{1} << 20);
  uLong crc = ::crc32(0L, Z_NULL, 0);
  std::uint64_t done = 0;
  while (done < payload) {
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), payload - done));
    const ssize_t r = ::pread(file.fd, buf.data(), want, static_cast<off_t>(done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) throw CheckpointError("cannot read " + path + ": " + os_reason());
    crc = ::crc32(crc, buf.data(), static_cast<uInt>(r));
    done += static_cast<std::uint64_t>(r);
  }
  if (static_cast<std::uint32_t>(crc) != static_cast<std::uint32_t>(get_le(trailer.data() + 8, 4)))
    throw CheckpointError(path + " is corrupt (checksum mismatch)");
  return payload;
}

/// Loads and checks the header against expected; returns it.
Header load_header(StateArchive& a, const std::string& path, const CheckpointIdentity& expected) {
  Header h;
  try {
    header_fields(a, h);
  } catch (const CheckpointError& e) {
    throw CheckpointError(path + ": " + e.what());
  }
  const CheckpointIdentity& got = h.id;
  if (got.snsim_version != expected.snsim_version)
    throw CheckpointError(path + " was written by snsim " + got.snsim_version + ", this is snsim " +
                          expected.snsim_version + ": run again from the start");
  if (got.scenario_yaml != expected.scenario_yaml)
    throw CheckpointError(path + " is of another scenario or other --set/--seed values (" +
                          first_difference(got.scenario_yaml, expected.scenario_yaml) + ")");
  if (got.seed != expected.seed || got.run != expected.run || got.steps != expected.steps)
    throw CheckpointError(path + " is of another seed, run or number of steps");
  if (h.step > got.steps) throw CheckpointError(path + " is corrupt (step beyond the end)");
  return h;
}

}  // namespace

std::uint64_t write_checkpoint(const std::string& path, const CheckpointIdentity& identity,
                               Step step, const std::function<void(StateArchive&)>& body) {
  const std::string partial = path + ".partial";
  Fd file;
  file.fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (file.fd < 0) throw CheckpointError("cannot create " + partial + ": " + os_reason());
  try {
    StateArchive a = StateArchive::writer(file.fd);
    Header h;
    h.id = identity;
    h.step = step;
    header_fields(a, h);
    body(a);
    a.flush();
    std::array<unsigned char, kTrailerBytes> trailer{};
    put_le(trailer.data(), a.position(), 8);
    put_le(trailer.data() + 8, a.crc(), 4);
    std::memcpy(trailer.data() + 12, kEnd.data(), kEnd.size());
    write_all(file.fd, trailer.data(), trailer.size());
    if (::fsync(file.fd) != 0)
      throw CheckpointError("cannot fsync " + partial + ": " + os_reason());
    const int fd = file.fd;
    file.fd = -1;
    if (::close(fd) != 0) throw CheckpointError("cannot close " + partial + ": " + os_reason());
    if (std::rename(partial.c_str(), path.c_str()) != 0)
      throw CheckpointError("cannot rename " + partial + " to " + path + ": " + os_reason());
    // The rename is durable only once the folder entry is on disk.
    std::string folder = std::filesystem::path(path).parent_path().string();
    if (folder.empty()) folder = ".";
    Fd dir;
    dir.fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir.fd >= 0) ::fsync(dir.fd);
    return a.position() + kTrailerBytes;
  } catch (const CheckpointError& e) {
    ::unlink(partial.c_str());
    throw CheckpointError("checkpoint " + path + ": " + e.what());
  } catch (...) {
    ::unlink(partial.c_str());
    throw;
  }
}

Step check_checkpoint(const std::string& path, const CheckpointIdentity& expected) {
  Fd file;
  const std::uint64_t payload = open_and_verify(path, file);
  StateArchive a = StateArchive::reader(file.fd, payload);
  return load_header(a, path, expected).step;
}

Step read_checkpoint(const std::string& path, const CheckpointIdentity& expected,
                     const std::function<void(StateArchive&)>& body) {
  Fd file;
  const std::uint64_t payload = open_and_verify(path, file);
  StateArchive a = StateArchive::reader(file.fd, payload);
  const Header h = load_header(a, path, expected);
  try {
    body(a);
  } catch (const CheckpointError& e) {
    throw CheckpointError(path + ": " + e.what());
  }
  if (a.remaining() != 0)
    throw CheckpointError(path + ": " + std::to_string(a.remaining()) +
                          " bytes left unread (written by a different pipeline?)");
  return h.step;
}

}  // namespace snsim
