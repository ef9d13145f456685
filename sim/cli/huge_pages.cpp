// The snsim command's large allocations (2 MiB and more: the population's columns, the graphs,
// the feeds, the scratch of compactions) ask for transparent huge pages. On the machines the
// benchmarks run on the kernel gives huge pages only where asked (THP "madvise" mode), and a
// virtual machine's 4 KiB page fault costs microseconds: 1 M people over 20 steps took about
// 108,000 faults, most of them in serial first touches (a column cleared by one thread while the
// other waits). 2 MiB pages take about 10,000. Results do not depend on where memory comes from.
// Left out under AddressSanitizer, which replaces operator new itself.
#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SNSIM_NO_HUGE_PAGES 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SNSIM_NO_HUGE_PAGES 1
#endif

#ifndef SNSIM_NO_HUGE_PAGES
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kLarge = kHugePage;
constexpr std::size_t kPage = 4096;

/// Returns size bytes from malloc; at kLarge and above aligned to a huge page and advised as
/// huge-page memory before anything touches it. Throws std::bad_alloc when out of memory.
void* allocate(std::size_t size) {
  if (size >= kLarge) {
    void* p = nullptr;
    if (posix_memalign(&p, kHugePage, size) != 0) throw std::bad_alloc();
    // Advice only: if the kernel refuses, the memory is the same with 4 KiB pages.
    (void)madvise(p, (size + kPage - 1) / kPage * kPage, MADV_HUGEPAGE);
    return p;
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif
