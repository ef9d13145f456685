#include "packed_run.hpp"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>
#include <cstring>

namespace snsim::detail {
namespace {

static_assert(std::endian::native == std::endian::little, "packed runs assume little-endian");

constexpr char kMagic[] = "snsimrun1";
constexpr std::size_t kMagicSize = sizeof kMagic - 1;
// zlib level 1: the merge inflates and encodes every chunk again, so parts need only be small
// enough on disk; level 1 costs a fraction of level 4 on these short runs.
constexpr int kLevel = 1;

class Packer {
 public:
  void bytes(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    out_.insert(out_.end(), p, p + size);
  }
  void u64(std::uint64_t v) { bytes(&v, sizeof v); }
  void text(const std::string& s) {
    u64(s.size());
    bytes(s.data(), s.size());
  }
  /// Appends values with their bytes shuffled (byte j of value i at j * count + i).
  void shuffled(const std::vector<double>& values) {
    const std::size_t n = values.size();
    u64(n);
    const std::size_t at = out_.size();
    out_.resize(at + n * sizeof(double));
    const auto* in = reinterpret_cast<const unsigned char*>(values.data());
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < sizeof(double); ++j)
        out_[at + j * n + i] = in[i * sizeof(double) + j];
  }
  std::vector<unsigned char>& out() { return out_; }

 private:
  std::vector<unsigned char> out_;
};

class Unpacker {
 public:
  Unpacker(const std::vector<unsigned char>& in, const std::string& where)
      : in_(in), where_(where) {}
  void bytes(void* data, std::size_t size) {
    need(size);
    std::memcpy(data, in_.data() + at_, size);
    at_ += size;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    bytes(&v, sizeof v);
    return v;
  }
  /// Returns a count of items of at least `item` bytes each that the rest can hold.
  std::size_t count(std::size_t item) {
    const std::uint64_t n = u64();
    if (n > (in_.size() - at_) / item) damaged();
    return static_cast<std::size_t>(n);
  }
  std::string text() {
    const std::size_t n = count(1);
    std::string s(reinterpret_cast<const char*>(in_.data() + at_), n);
    at_ += n;
    return s;
  }
  std::vector<double> shuffled() {
    const std::size_t n = count(sizeof(double));
    std::vector<double> values(n);
    auto* out = reinterpret_cast<unsigned char*>(values.data());
    for (std::size_t j = 0; j < sizeof(double); ++j)
      for (std::size_t i = 0; i < n; ++i) out[i * sizeof(double) + j] = in_[at_ + j * n + i];
    at_ += n * sizeof(double);
    return values;
  }
  bool done() const { return at_ == in_.size(); }
  [[noreturn]] void damaged() const {
    throw ResultsError(where_ + ": the packed run is damaged or not a packed run");
  }

 private:
  void need(std::size_t size) const {
    if (size > in_.size() - at_) damaged();
  }
  const std::vector<unsigned char>& in_;
  const std::string& where_;
  std::size_t at_ = 0;
};

}  // namespace

std::vector<unsigned char> pack_run(const RunRecord& run) {
  Packer p;
  p.bytes(kMagic, kMagicSize);
  p.u64(run.index);
  p.u64(run.seed);
  p.u64(run.replicate);
  p.bytes(&run.wall_time_s, sizeof run.wall_time_s);
  p.text(run.status);
  p.u64(run.parameters.size());
  for (const auto& [key, value] : run.parameters) {
    p.text(key);
    p.text(value);
  }
  const RunSeries& series = run.series;
  p.u64(static_cast<std::uint64_t>(series.steps));
  p.u64(series.brands.size());
  for (const std::string& brand : series.brands) p.text(brand);
  p.u64(series.metrics.size());
  for (const MetricSeries& m : series.metrics) {
    p.text(m.name);
    p.text(m.unit);
    p.text(m.description);
    const unsigned char per_brand = m.per_brand ? 1 : 0;
    p.bytes(&per_brand, 1);
    p.shuffled(m.values);
  }
  p.u64(series.id_lists.size());
  for (const IdList& list : series.id_lists) {
    p.text(list.name);
    p.u64(list.ids.size());
    p.bytes(list.ids.data(), list.ids.size() * sizeof(std::uint64_t));
  }
  const std::vector<unsigned char>& payload = p.out();
  if (payload.size() > UINT32_MAX)
    throw ResultsError("cannot pack run " + std::to_string(run.index) + ": over 4 GiB of series");

  // A window and hash table sized to the payload: zlib's defaults clear about 256 KiB per call,
  // more than compressing a small run costs.
  int window_bits = 9;
  while (window_bits < 15 && (std::size_t{1} << window_bits) < payload.size()) ++window_bits;
  z_stream stream{};
  if (deflateInit2(&stream, kLevel, Z_DEFLATED, window_bits, std::min(8, window_bits - 7),
                   Z_DEFAULT_STRATEGY) != Z_OK)
    throw ResultsError("cannot pack run " + std::to_string(run.index) + ": deflate");
  const std::uint64_t size = payload.size();
  std::vector<unsigned char> out(sizeof size + deflateBound(&stream, payload.size()));
  std::memcpy(out.data(), &size, sizeof size);
  stream.next_in = const_cast<unsigned char*>(payload.data());
  stream.avail_in = static_cast<uInt>(payload.size());
  stream.next_out = out.data() + sizeof size;
  stream.avail_out = static_cast<uInt>(out.size() - sizeof size);
  const int status = deflate(&stream, Z_FINISH);
  const std::size_t compressed = stream.total_out;
  deflateEnd(&stream);
  if (status != Z_STREAM_END)
    throw ResultsError("cannot pack run " + std::to_string(run.index) + ": deflate failed");
  out.resize(sizeof size + compressed);
  return out;
}

RunRecord unpack_run(const std::vector<unsigned char>& bytes, const std::string& where) {
  std::uint64_t size = 0;
  // A packed run is at most what one run records (a few GB); refuse absurd sizes before
  // allocating them.
  constexpr std::uint64_t kMaxPayload = std::uint64_t{1} << 40;
  if (bytes.size() < sizeof size) Unpacker(bytes, where).damaged();
  std::memcpy(&size, bytes.data(), sizeof size);
  if (size > kMaxPayload || size < kMagicSize) Unpacker(bytes, where).damaged();
  std::vector<unsigned char> payload(static_cast<std::size_t>(size));
  uLongf length = static_cast<uLongf>(size);
  if (uncompress(payload.data(), &length, bytes.data() + sizeof size,
                 static_cast<uLong>(bytes.size() - sizeof size)) != Z_OK ||
      length != size)
    Unpacker(bytes, where).damaged();

  Unpacker u(payload, where);
  char magic[kMagicSize];
  u.bytes(magic, kMagicSize);
  if (std::memcmp(magic, kMagic, kMagicSize) != 0) u.damaged();
  RunRecord run;
  run.index = u.u64();
  run.seed = u.u64();
  run.replicate = u.u64();
  u.bytes(&run.wall_time_s, sizeof run.wall_time_s);
  run.status = u.text();
  for (std::size_t n = u.count(16); n > 0; --n) {
    std::string key = u.text();
    run.parameters.emplace_back(std::move(key), u.text());
  }
  RunSeries& series = run.series;
  const std::uint64_t steps = u.u64();
  if (steps > UINT32_MAX) u.damaged();
  series.steps = static_cast<Step>(steps);
  for (std::size_t n = u.count(8); n > 0; --n) series.brands.push_back(u.text());
  for (std::size_t n = u.count(33); n > 0; --n) {
    MetricSeries m;
    m.name = u.text();
    m.unit = u.text();
    m.description = u.text();
    unsigned char per_brand = 0;
    u.bytes(&per_brand, 1);
    m.per_brand = per_brand != 0;
    m.values = u.shuffled();
    series.metrics.push_back(std::move(m));
  }
  for (std::size_t n = u.count(16); n > 0; --n) {
    IdList list;
    list.name = u.text();
    list.ids.resize(u.count(sizeof(std::uint64_t)));
    u.bytes(list.ids.data(), list.ids.size() * sizeof(std::uint64_t));
    series.id_lists.push_back(std::move(list));
  }
  if (!u.done()) u.damaged();
  return run;
}

}  // namespace snsim::detail
