#pragma once
// How snsim asks the allocator to give memory back (issue 20).
//
// glibc's malloc serves a large block from an mmap and returns it to the system on free, but only
// above a threshold that it raises to the size of each such block freed (up to 32 MiB). After the
// first few growths of a large std::vector (the post store's 13 columns double as posts arrive),
// the next ones come from the heap, and every freed old buffer stays there as a resident hole: on
// bench/scale_1m.yaml the heap held about 100 MiB free after 100 steps, which was most of the rise
// of the resident size over a year (and its jumps late in a run). A fixed threshold keeps large
// blocks in their own mappings. None of this changes a result.
namespace snsim {

/// Fixes the allocator's mmap threshold at 256 KiB for the rest of the process, so blocks that
/// large are mapped and unmapped on their own (glibc's mallopt; a no-op elsewhere). Called once by
/// the snsim command at start; a program embedding the library may call it too.
void map_large_blocks_apart();

/// Returns the whole free pages of the allocator's heaps to the system (glibc's malloc_trim; a
/// no-op elsewhere). Walks the free lists: call it after a large temporary made of small blocks
/// is freed (people's ties' pending list at a compaction).
void return_free_heap_pages();

}  // namespace snsim
