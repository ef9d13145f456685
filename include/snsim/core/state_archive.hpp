#pragma once
// StateArchive: one function per struct lists the fields a checkpoint saves and loads (issue 9).
//
// A struct (or class) with mutable run state declares, next to its definition, either a free
//   inline void state_fields(StateArchive& a, Foo& x) { a(x.first, x.second, ...); }
// or a member `void state_fields(StateArchive& a)`. The same list serves saving and loading, so a
// new member is added in one place. A process keeps its private state in Process::state_fields
// (core/process.hpp). Forgetting a member makes the bitwise resume test fail
// (tests/integration/checkpoint_resume_test.cpp).
//
// Encoding (size- and endian-explicit): every scalar is written little-endian at its own width
// (bool and enums as their underlying integers; float and double as their IEEE-754 bits);
// a std::vector, std::string or unordered set as a uint64 count then its elements; a std::array
// as its N elements; a pair as first then second; an Eigen matrix as int64 rows, int64 cols, then
// its coefficients in storage order. Vectors of scalars are copied in bulk on little-endian hosts.
// The archive streams to or from a file through a 1 MiB buffer and keeps a running CRC-32 (zlib)
// of every byte; the checkpoint file (core/checkpoint.hpp) adds the header and the trailer.
#include <algorithm>
#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

#include <Eigen/Core>

namespace snsim {

/// Thrown for a checkpoint that cannot be written or read (I/O error, truncated, corrupt,
/// mismatched); what() is one line for the user.
class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StateArchive;

template <class T>
concept HasMemberStateFields = requires(T& x, StateArchive& a) {
  x.state_fields(a);
};
template <class T>
concept HasFreeStateFields = requires(T& x, StateArchive& a) {
  state_fields(a, x);
};
/// A scalar written at its own width: integers, floating point, bool, enums.
template <class T>
concept ArchiveScalar = std::is_arithmetic_v<T> || std::is_enum_v<T>;

class StateArchive {
 public:
  enum class Mode : std::uint8_t { save, load };

  /// Returns an archive writing to the open file descriptor fd (not owned).
  static StateArchive writer(int fd);
  /// Returns an archive reading the first `limit` bytes of the open file descriptor fd (from its
  /// current offset); reading past them throws CheckpointError("... truncated").
  static StateArchive reader(int fd, std::uint64_t limit);

  bool saving() const { return mode_ == Mode::save; }
  bool loading() const { return mode_ == Mode::load; }

  /// Saves or loads each argument in order.
  template <class... T>
  void operator()(T&... xs) {
    (field(xs), ...);
  }

  /// Saves or loads n raw bytes at p (the caller chose their encoding).
  void bytes(void* p, std::size_t n);
  /// Writes the buffered bytes to the file (save mode); throws CheckpointError on failure.
  void flush();
  /// Returns the CRC-32 of every byte saved or loaded so far.
  std::uint32_t crc() const { return crc_; }
  /// Returns the bytes saved or loaded so far.
  std::uint64_t position() const { return position_; }
  /// Returns the bytes left to load before the limit (load mode).
  std::uint64_t remaining() const { return limit_ - position_; }
  /// Loads a count and checks that `count * min_bytes` bytes remain, so that a corrupt count
  /// cannot allocate beyond the file; in save mode writes count. Returns the count.
  std::uint64_t count(std::uint64_t n, std::size_t min_bytes);
  /// Throws CheckpointError("<what>: ...") naming a section that does not read back as written.
  [[noreturn]] static void mismatch(const std::string& what);

 private:
  StateArchive(Mode mode, int fd, std::uint64_t limit);

  template <ArchiveScalar T>
  void field(T& x) {
    if constexpr (std::is_enum_v<T>) {
      auto u = static_cast<std::underlying_type_t<T>>(x);
      field(u);
      if (loading()) x = static_cast<T>(u);
    } else if constexpr (std::is_same_v<T, bool>) {
      std::uint8_t u = x ? 1 : 0;
      field(u);
      if (loading()) x = (u != 0);
    } else {
      scalars(&x, 1);
    }
  }
  template <class T>
  requires HasMemberStateFields<T>
  void field(T& x) { x.state_fields(*this); }
  template <class T>
  requires(HasFreeStateFields<T> && !HasMemberStateFields<T> &&
           !ArchiveScalar<T>) void field(T& x) {
    state_fields(*this, x);
  }
  template <class T, class A>
  void field(std::vector<T, A>& v) {
    const std::uint64_t n = count(v.size(), min_size<T>());
    if (loading()) {
      v.clear();
      v.resize(static_cast<std::size_t>(n));
    }
    elements(v.data(), v.size());
  }
  template <class T, std::size_t N>
  void field(std::array<T, N>& v) {
    elements(v.data(), N);
  }
  template <class A, class B>
  void field(std::pair<A, B>& p) {
    field(p.first);
    field(p.second);
  }
  void field(std::string& s) {
    const std::uint64_t n = count(s.size(), 1);
    if (loading()) s.resize(static_cast<std::size_t>(n));
    bytes(s.data(), s.size());
  }
  // Saved in ascending order, so that the bytes do not depend on the set's history; the sets
  // snsim keeps are only probed, never iterated, so their bucket order does not matter.
  template <class K>
  void field(std::unordered_set<K>& set) {
    std::vector<K> sorted;
    if (saving()) {
      sorted.assign(set.begin(), set.end());
      std::sort(sorted.begin(), sorted.end());
    }
    field(sorted);
    if (loading()) {
      set.clear();
      set.reserve(sorted.size());
      set.insert(sorted.begin(), sorted.end());
    }
  }
  template <class S, int R, int C, int O, int MR, int MC>
  void field(Eigen::Matrix<S, R, C, O, MR, MC>& m) {
    std::int64_t rows = m.rows(), cols = m.cols();
    field(rows);
    field(cols);
    if (loading()) {
      if (rows < 0 || cols < 0 ||
          (rows > 0 && static_cast<std::uint64_t>(cols) >
                           remaining() / sizeof(S) / static_cast<std::uint64_t>(rows)))
        mismatch("matrix");
      m.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    }
    scalars(m.data(), static_cast<std::size_t>(m.size()));
  }

  template <class T>
  static constexpr std::size_t min_size() {
    if constexpr (ArchiveScalar<T>) return sizeof(T);
    return 1;  // a struct or container takes at least one byte (a count, a scalar)
  }
  template <class T>
  void elements(T* p, std::size_t n) {
    if constexpr (ArchiveScalar<T> && !std::is_same_v<T, bool> && !std::is_enum_v<T>) {
      scalars(p, n);
    } else if constexpr (std::is_enum_v<T> &&
                         (std::endian::native == std::endian::little || sizeof(T) == 1)) {
      bytes(p, n * sizeof(T));  // an enum column in bulk: its underlying integers, little-endian
    } else {
      for (std::size_t k = 0; k < n; ++k) field(p[k]);
    }
  }
  // n scalars of an arithmetic type, little-endian at their own width.
  template <class T>
  void scalars(T* p, std::size_t n) {
    static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>);
    static_assert(
        sizeof(float) == 4 && sizeof(double) == 8 && std::numeric_limits<double>::is_iec559,
        "checkpoints store IEEE-754 binary32 and binary64");
    if constexpr (std::endian::native == std::endian::little || sizeof(T) == 1) {
      bytes(p, n * sizeof(T));
    } else {
      for (std::size_t k = 0; k < n; ++k) {
        unsigned char b[sizeof(T)];
        if (saving()) {
          std::memcpy(b, p + k, sizeof(T));
          std::reverse(b, b + sizeof(T));
        }
        bytes(b, sizeof(T));
        if (loading()) {
          std::reverse(b, b + sizeof(T));
          std::memcpy(p + k, b, sizeof(T));
        }
      }
    }
  }
  void refill();

  Mode mode_;
  int fd_;
  std::uint64_t limit_ = 0;      ///< load: bytes that may be read
  std::uint64_t position_ = 0;   ///< bytes saved or loaded so far
  std::uint64_t file_read_ = 0;  ///< load: bytes read from the file into the buffer so far
  std::uint32_t crc_ = 0;
  std::vector<unsigned char> buffer_;
  std::size_t begin_ = 0, end_ = 0;  ///< load: unread bytes are buffer_[begin_, end_)
};

}  // namespace snsim
