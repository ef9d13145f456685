#include "snsim/core/heap.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace snsim {

void return_free_heap_pages() {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

}  // namespace snsim
