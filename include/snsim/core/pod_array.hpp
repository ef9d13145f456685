#pragma once
// PodArray: a resizable array of trivially copyable values whose pages are remapped, not copied,
// when it grows or shrinks.
//
// std::vector grows by allocating a new buffer and copying into it, so for a moment it holds the
// old and the new buffer. On Linux a PodArray is its own anonymous mapping, resized with mremap:
// growing it costs no second copy, and shrinking or freeing it returns its pages to the system at
// once (a heap block could stay resident as a hole). Elsewhere it falls back to realloc. People's
// ties (network/tie_overlay.hpp) use it to merge new ties in place.
//
// Invariants: data() holds size() values; resize() keeps the first min(old, new) values and
// leaves new ones uninitialised; an empty array holds no memory. Checkpoints encode it as a
// std::vector (a uint64 count, then the elements).
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <span>
#include <type_traits>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "snsim/core/state_archive.hpp"

namespace snsim {

template <class T>
class PodArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  using value_type = T;

  PodArray() = default;
  PodArray(const PodArray& o) { assign_from(o); }
  PodArray(PodArray&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  PodArray& operator=(const PodArray& o) {
    if (this != &o) assign_from(o);
    return *this;
  }
  PodArray& operator=(PodArray&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    return *this;
  }
  ~PodArray() { release(); }

  /// Returns the number of values.
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  /// Resizes to n values, keeping the first min(size(), n) (new values uninitialised); throws
  /// std::bad_alloc if memory runs out (the array is then unchanged).
  void resize(std::size_t n) {
    if (n == size_) return;
    if (n == 0) {
      release();
      return;
    }
#if defined(__linux__)
    void* p = size_ == 0 ? ::mmap(nullptr, n * sizeof(T), PROT_READ | PROT_WRITE,
                                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                         : ::mremap(data_, size_ * sizeof(T), n * sizeof(T), MREMAP_MAYMOVE);
    if (p == MAP_FAILED) throw std::bad_alloc();
#else
    void* p = std::realloc(data_, n * sizeof(T));
    if (p == nullptr) throw std::bad_alloc();
#endif
    data_ = static_cast<T*>(p);
    size_ = n;
  }

  /// Checkpoint fields (core/state_archive.hpp): as a std::vector of T.
  void state_fields(StateArchive& a) {
    const std::uint64_t n = a.count(size_, sizeof(T));
    if (a.loading()) resize(static_cast<std::size_t>(n));
    if constexpr (std::endian::native == std::endian::little && std::is_arithmetic_v<T>) {
      a.bytes(data_, size_ * sizeof(T));
    } else {
      for (std::size_t i = 0; i < size_; ++i) a(data_[i]);
    }
  }

 private:
  void assign_from(const PodArray& o) {
    resize(o.size_);
    if (o.size_ != 0) std::memcpy(data_, o.data_, o.size_ * sizeof(T));
  }

  /// Frees the values.
  void release() {
#if defined(__linux__)
    if (data_ != nullptr) ::munmap(data_, size_ * sizeof(T));
#else
    std::free(data_);
#endif
    data_ = nullptr;
    size_ = 0;
  }

  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace snsim
