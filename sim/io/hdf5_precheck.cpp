#include "hdf5_precheck.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string_view>

#include "snsim/io/input_file.hpp"
#include "snsim/io/results_file.hpp"

namespace snsim::detail {
namespace {

/// A read-only mapping of a whole file, unmapped on scope exit (empty if it cannot be mapped).
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      void* p =
          ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = static_cast<const unsigned char*>(p);
        size_ = static_cast<std::size_t>(st.st_size);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<unsigned char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const unsigned char* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  const unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
};

/// Returns the little-endian unsigned integer of `bytes` bytes (1..8) at p.
std::uint64_t little_endian(const unsigned char* p, unsigned bytes) {
  std::uint64_t v = 0;
  for (unsigned i = bytes; i-- > 0;) v = (v << 8) | p[i];
  return v;
}

constexpr unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

/// What the superblock says (found at 0, 512, 1024, ..., where HDF5 looks for it).
struct Superblock {
  bool found = false;
  unsigned version = 0;
  unsigned length_size = 0;  ///< "size of lengths" in bytes (2, 4, 8 or 16), 0 if invalid
};

Superblock read_superblock(const MappedFile& f) {
  Superblock s;
  for (std::size_t at = 0; at + 16 <= f.size(); at = at == 0 ? 512 : at * 2) {
    const unsigned char* p = f.data() + at;
    if (std::memcmp(p, kSignature, sizeof kSignature) != 0) continue;
    s.found = true;
    s.version = p[8];
    // Versions 0 and 1: lengths size at byte 14; versions 2 and 3: at byte 10.
    const unsigned size = s.version <= 1 ? p[14] : p[10];
    s.length_size = size == 2 || size == 4 || size == 8 || size == 16 ? size : 0;
    return s;
  }
  return s;
}

/// Returns "" if the global heap collection at offset `at` is sound, else what is wrong with it.
/// Mirrors libhdf5 1.10's H5HG__cache_heap_deserialize walk: objects (16-bit index, 16-bit
/// reference count, 4 reserved bytes, a length, then the data padded to 8 bytes; object 0 is the
/// free space and carries no padding) must each move forward and stay inside the collection.
std::string check_global_heap(const MappedFile& f, std::size_t at, unsigned length_size) {
  const std::size_t header = 8 + length_size;  // "GCOL", version, 3 reserved, collection size
  if (at + header > f.size()) return "global heap collection header cut off";
  const std::uint64_t size = little_endian(f.data() + at + 8, length_size > 8 ? 8 : length_size);
  if (size < header) return "global heap collection smaller than its header";
  // libhdf5 reads the whole collection; one that runs past the end of the file fails there
  // cleanly, so only what lies in the file is walked.
  const std::uint64_t end = size > f.size() - at ? f.size() - at : size;
  const std::size_t object_header = 8 + length_size;
  std::uint64_t p = header;
  while (p < end) {
    if (p + object_header > end) break;  // too small for an object: libhdf5 takes it as free space
    const unsigned char* o = f.data() + at + p;
    const auto index = static_cast<unsigned>(little_endian(o, 2));
    const std::uint64_t length = little_endian(o + 8, length_size > 8 ? 8 : length_size);
    if (length > size) return "global heap object larger than its collection";
    const std::uint64_t need =
        index == 0 ? length : object_header + ((length + 7) & ~std::uint64_t{7});
    if (need == 0) return "global heap free-space object of length 0 (libhdf5 would loop forever)";
    if (need > size - p) return "global heap object runs past the end of its collection";
    p += need;
  }
  return "";
}

}  // namespace

void precheck_hdf5_file(const std::string& path) {
  // libhdf5 waits forever on a FIFO with no writer and reads a device without end.
  if (const std::string why = non_regular_reason(path); !why.empty())
    throw ResultsError("cannot read results file " + path + ": " + why);
  const MappedFile f(path);
  if (f.data() == nullptr) return;
  const Superblock superblock = read_superblock(f);
  if (!superblock.found) return;
  // Superblocks 0 and 1 (the HDF5 1.6 format, h5py's and HDF5's default) come with object headers,
  // B-trees and heaps that carry no checksum, and libhdf5 1.10 reads past its buffers when they
  // are damaged. snsim writes superblock 2 or later, where every metadata block is checksummed.
  if (superblock.version < 2)
    throw ResultsError(path + " is an HDF5 file but not an snsim results file (HDF5 superblock " +
                       std::to_string(superblock.version) +
                       ", without metadata checksums; snsim writes version 2 or later)");
  const unsigned length_size = superblock.length_size;
  if (length_size == 0) return;
  // Global heap collections (vlen strings) start with "GCOL" and version 1. libhdf5 reaches them
  // through addresses inside other structures; the signature is searched instead, which finds
  // every collection at the cost of also walking any data that happens to hold these 5 bytes.
  const std::string_view bytes(reinterpret_cast<const char*>(f.data()), f.size());
  constexpr std::string_view kCollection{"GCOL\x01", 5};
  for (std::size_t at = bytes.find(kCollection); at != std::string_view::npos;
       at = bytes.find(kCollection, at + 1)) {
    const std::string damage = check_global_heap(f, at, length_size);
    if (!damage.empty())
      throw ResultsError(path + ": damaged HDF5 file: " + damage + " at byte " +
                         std::to_string(at));
  }
}

}  // namespace snsim::detail
