#include "snsim/core/state_archive.hpp"

#include <unistd.h>
#include <zlib.h>

#include <cerrno>

namespace snsim {
namespace {

constexpr std::size_t kBufferBytes = std::size_t{1} << 20;

std::uint32_t crc_update(std::uint32_t crc, const unsigned char* p, std::size_t n) {
  // zlib's crc32 takes a uInt length: feed it in pieces below 1 GiB.
  while (n > 0) {
    const std::size_t piece = std::min<std::size_t>(n, std::size_t{1} << 30);
    crc = static_cast<std::uint32_t>(::crc32(crc, p, static_cast<uInt>(piece)));
    p += piece;
    n -= piece;
  }
  return crc;
}

}  // namespace

StateArchive::StateArchive(Mode mode, int fd, std::uint64_t limit)
    : mode_(mode), fd_(fd), limit_(limit) {
  buffer_.reserve(kBufferBytes);
}

StateArchive StateArchive::writer(int fd) { return StateArchive(Mode::save, fd, 0); }

StateArchive StateArchive::reader(int fd, std::uint64_t limit) {
  StateArchive a(Mode::load, fd, limit);
  a.buffer_.resize(kBufferBytes);
  return a;
}

void StateArchive::mismatch(const std::string& what) {
  throw CheckpointError(what + ": the checkpoint does not read back as written (corrupt, or " +
                        "written by a different snsim)");
}

std::uint64_t StateArchive::count(std::uint64_t n, std::size_t min_bytes) {
  field(n);
  if (loading() && min_bytes > 0 && n > remaining() / min_bytes) mismatch("a length");
  return n;
}

void StateArchive::bytes(void* p, std::size_t n) {
  auto* c = static_cast<unsigned char*>(p);
  if (saving()) {
    crc_ = crc_update(crc_, c, n);
    position_ += n;
    if (buffer_.size() + n > kBufferBytes) flush();
    if (n >= kBufferBytes) {  // a big column goes straight to the file
      std::size_t done = 0;
      while (done < n) {
        const ssize_t w = ::write(fd_, c + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) throw CheckpointError(std::string("cannot write: ") + std::strerror(errno));
        done += static_cast<std::size_t>(w);
      }
    } else {
      buffer_.insert(buffer_.end(), c, c + n);
    }
    return;
  }
  if (n > remaining()) throw CheckpointError("the checkpoint is truncated");
  std::size_t done = 0;
  while (done < n) {
    if (begin_ == end_) refill();
    const std::size_t take = std::min(n - done, end_ - begin_);
    std::memcpy(c + done, buffer_.data() + begin_, take);
    begin_ += take;
    done += take;
  }
  crc_ = crc_update(crc_, c, n);
  position_ += n;
}

void StateArchive::refill() {
  // Never read past the limit: the bytes after it (the trailer) are not the archive's.
  const std::uint64_t unread_in_file = limit_ - file_read_;
  const std::size_t want =
      static_cast<std::size_t>(std::min<std::uint64_t>(kBufferBytes, unread_in_file));
  begin_ = end_ = 0;
  while (end_ < want) {
    const ssize_t r = ::read(fd_, buffer_.data() + end_, want - end_);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw CheckpointError(std::string("cannot read: ") + std::strerror(errno));
    if (r == 0) throw CheckpointError("the checkpoint is truncated");
    end_ += static_cast<std::size_t>(r);
  }
  file_read_ += end_;
  if (want == 0) throw CheckpointError("the checkpoint is truncated");
}

void StateArchive::flush() {
  if (!saving()) return;
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t w = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) throw CheckpointError(std::string("cannot write: ") + std::strerror(errno));
    done += static_cast<std::size_t>(w);
  }
  buffer_.clear();
}

}  // namespace snsim
