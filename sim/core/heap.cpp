#include "snsim/core/heap.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace snsim {

void map_large_blocks_apart() {
#if defined(__GLIBC__)
  // Setting the threshold also turns off glibc's raising it as large blocks are freed.
  ::mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}

void return_free_heap_pages() {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

}  // namespace snsim
