#pragma once
// Returning freed heap pages to the system (issue 20).
//
// glibc's malloc keeps freed blocks inside its heaps (one per thread arena) for reuse. A step
// allocates and frees many blocks of scratch (the feed reads' outboxes, people's ties' pending
// list at a compaction, the post store's old columns at a recycling), and the free holes stay
// resident: on bench/scale_1m.yaml, traced per process with mallinfo2, the heap's free bytes rose
// from 8 MiB after the first step to about 100 MiB from step 120 on, in jumps at social_media steps
// (10, 36, 75, 105, 122 in two runs: when depends on the threads' timing), while the world's own
// bytes stayed near 230 MiB. That, not the world, was the resident size's rise late in a run.
// Handing the free pages back once a step lowers the peak without changing any result.
namespace snsim {

/// Returns the whole free pages of the allocator's heaps to the system (glibc's malloc_trim; a
/// no-op elsewhere). Walks the free lists: the engine calls it once a step.
void return_free_heap_pages();

}  // namespace snsim
